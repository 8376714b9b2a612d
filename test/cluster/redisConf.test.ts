import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configWords, mergeRedisConf } from '../../src/cluster/mergeRedisConf.js';
import { checkRenames, loadRedisConf } from '../../src/cluster/loadRedisConf.js';
import { resolveDeploymentOptions } from '../../src/cluster/deploymentOptions.js';
import { mergedRedisConfig, renderRedisConfig } from '../../src/cluster/redisConfig.js';
import { neededCommands } from '../../src/runner/scenario/neededCommands.js';
import { resolveScenario } from '../../src/runner/scenario.js';
import { loadSuiteScenario } from '../../src/suite/scenarioFile.js';
import { inputOf, parseRunValues } from '../../src/cli/run/parseRunArgs.js';
import { isRedcheckError } from '../../src/errors.js';
import { redisConfOverrides } from '../../reports/redisConfOverrides.js';
import type { RunResults } from '../../src/store/index.js';
import { spawnSync } from 'node:child_process';

const exit2 = (fn: () => unknown, pattern: RegExp) =>
  assert.throws(
    fn,
    (e: unknown) => isRedcheckError(e) && e.code === 'E_REDIS_CONF' && pattern.test(e.message),
  );

function confFile(text: string, name = 'redis.conf'): string {
  const dir = mkdtempSync(join(tmpdir(), 'redcheck-conf-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('--redis-conf: the merge, the refusals', () => {
  it('without a file the configs are byte-identical to before --redis-conf', () => {
    const o = (x: object) => resolveDeploymentOptions({ runId: 'x', ...x });
    assert.equal(
      renderRedisConfig(o({ topology: 'standalone' })),
      '# written by redcheck\nbind 0.0.0.0\nport 6379\nprotected-mode no\ndaemonize no\nlogfile ""\ndir /data\nsave ""\nappendonly no\nrepl-diskless-sync-delay 0\nrepl-backlog-size 1mb\nmin-replicas-to-write 0\nmin-replicas-max-lag 10\n',
    );
    assert.equal(
      renderRedisConfig(
        o({ topology: 'replication', persistence: 'rdb+aof', extraRedisConfig: ['maxmemory 1mb'] }),
        '10.0.0.2',
      ),
      '# written by redcheck\nbind 0.0.0.0\nport 6379\nprotected-mode no\ndaemonize no\nlogfile ""\ndir /data\nsave 5 1\nappendonly yes\nappendfsync everysec\nrepl-diskless-sync-delay 0\nrepl-backlog-size 1mb\nmin-replicas-to-write 0\nmin-replicas-max-lag 10\nreplicaof 10.0.0.2 6379\nmaxmemory 1mb\n',
    );
    assert.equal(
      renderRedisConfig(o({ topology: 'cluster', persistence: 'aof-always' })),
      '# written by redcheck\nbind 0.0.0.0\nport 6379\nprotected-mode no\ndaemonize no\nlogfile ""\ndir /data\nsave ""\nappendonly yes\nappendfsync always\nrepl-diskless-sync-delay 0\nrepl-backlog-size 1mb\nmin-replicas-to-write 0\nmin-replicas-max-lag 10\ncluster-enabled yes\ncluster-config-file /data/nodes.conf\ncluster-node-timeout 2000\ncluster-require-full-coverage yes\ncluster-allow-replica-migration no\n',
    );
  });

  it('splits words as Redis does: quotes, escapes, comments, blanks', () => {
    assert.deepEqual(configWords('  save 60 1000 '), ['save', '60', '1000']);
    assert.deepEqual(configWords('save ""'), ['save', '']);
    assert.deepEqual(configWords('rename-command "CONFIG" \'\''), ['rename-command', 'CONFIG', '']);
    assert.deepEqual(configWords('logfile "a \\"b\\" c"'), ['logfile', 'a "b" c']);
    assert.equal(configWords('# a comment'), null);
    assert.equal(configWords('   '), null);
  });

  it('precedence: the file, then --redis-config, then the owned lines; overrides listed', () => {
    const file = [
      '# my production config',
      '',
      'bind 127.0.0.1 -::1',
      'save 60 1000',
      'save 300 10',
      'maxmemory 100mb',
      'appendfsync always',
      'protected-mode no',
      'hz 20',
    ];
    const m = mergeRedisConf(
      file,
      ['hz 50', 'maxmemory-policy allkeys-lru', 'port 7000'],
      [
        { line: 'bind 0.0.0.0', why: 'replicas reach it' },
        { line: 'protected-mode no', why: 'replicas reach it' },
        { line: 'port 6379', why: 'redcheck connects there' },
        { line: 'save ""', why: 'persistence none' },
        { line: 'repl-backlog-size 1mb', why: 'a setting', yieldsToExtra: true },
      ],
    );
    const lines = m.config.trimEnd().split('\n');
    assert.ok(lines.includes('maxmemory 100mb'), 'a line redcheck does not own is kept');
    assert.ok(lines.includes('appendfsync always'), 'a key the preset does not write is kept');
    assert.ok(!lines.some((l) => l.startsWith('save 60') || l.startsWith('save 300')));
    assert.ok(!lines.includes('hz 20') && lines.includes('hz 50'));
    assert.ok(!lines.includes('port 7000') && lines.includes('port 6379'));
    assert.ok(!lines.some((l) => l.startsWith('#') && l.includes('production')));
    assert.equal(lines.filter((l) => l === 'protected-mode no').length, 1);
    assert.equal(lines.at(-1), 'save ""', 'the owned lines come last');
    assert.deepEqual(
      m.overrides.map((o) => [o.directive, o.file, o.used]),
      [
        ['bind', 'bind 127.0.0.1 -::1', 'bind 0.0.0.0'],
        ['save', 'save 60 1000; save 300 10', 'save ""'],
        ['hz', 'hz 20', 'hz 50'],
      ],
      'protected-mode no was already what redcheck writes: not an override',
    );
    assert.equal(m.overrides[0]?.why, 'replicas reach it');
    assert.match(m.overrides[2]?.why ?? '', /--redis-config/);
  });

  it('a --redis-config line overrides a run setting, never an owned line', () => {
    const m = mergeRedisConf(
      ['repl-backlog-size 64mb', 'dir /var/lib/redis'],
      ['repl-backlog-size 8mb', 'dir /tmp'],
      [
        { line: 'repl-backlog-size 1mb', why: 'a setting', yieldsToExtra: true },
        { line: 'dir /data', why: 'the data directory' },
      ],
    );
    const lines = m.config.trimEnd().split('\n');
    assert.ok(lines.includes('repl-backlog-size 8mb') && !lines.includes('repl-backlog-size 1mb'));
    assert.ok(lines.includes('dir /data') && !lines.includes('dir /tmp'));
    assert.deepEqual(
      m.overrides.map((o) => o.used),
      ['repl-backlog-size 8mb', 'dir /data'],
    );
  });

  it('keyed directives: one rename-command does not replace another', () => {
    const m = mergeRedisConf(
      ['rename-command FLUSHALL ""', 'rename-command KEYS ""'],
      ['rename-command KEYS "MYKEYS"'],
      [],
    );
    assert.match(m.config, /^rename-command FLUSHALL ""$/m);
    assert.match(m.config, /^rename-command KEYS "MYKEYS"$/m);
    assert.doesNotMatch(m.config, /^rename-command KEYS ""$/m);
  });

  it("a node's config from options: the file under redcheck's lines, maxmemory kept", () => {
    const o = resolveDeploymentOptions({
      runId: 'x',
      topology: 'replication',
      persistence: 'aof-everysec',
      redisConf: ['bind 127.0.0.1', 'save 60 1000', 'maxmemory 100mb', 'replicaof 1.2.3.4 6379'],
    });
    const m = mergedRedisConfig(o);
    assert.match(m.config, /^maxmemory 100mb$/m);
    assert.match(m.config, /^appendfsync everysec$/m);
    assert.doesNotMatch(m.config, /replicaof/);
    assert.deepEqual(m.overrides.map((x) => x.directive).sort(), ['bind', 'replicaof', 'save']);
    assert.match(renderRedisConfig(o, '10.0.0.2'), /^replicaof 10\.0\.0\.2 6379$/m);
  });

  it("--persistence keep takes the file's own persistence lines; refused without a file", () => {
    const file = ['save 60 1000', 'appendonly yes', 'appendfsync always', 'bind 127.0.0.1'];
    const o = resolveDeploymentOptions({ runId: 'x', persistence: 'keep', redisConf: file });
    const m = mergedRedisConfig(o);
    for (const l of ['save 60 1000', 'appendonly yes', 'appendfsync always']) {
      assert.ok(m.config.split('\n').includes(l), l);
    }
    assert.doesNotMatch(m.config, /aof-use-rdb-preamble/);
    assert.deepEqual(
      m.overrides.map((x) => x.directive),
      ['bind'],
    );
    // a preset owns them: listed as overridden
    const preset = mergedRedisConfig(
      resolveDeploymentOptions({ runId: 'x', persistence: 'none', redisConf: file }),
    );
    assert.deepEqual(
      preset.overrides.map((x) => x.directive),
      // persistence none writes no appendfsync: the file's stays
      ['save', 'appendonly', 'bind'],
    );
    assert.throws(
      () => resolveDeploymentOptions({ runId: 'x', persistence: 'keep' }),
      (e: unknown) => isRedcheckError(e) && /redisConf/.test(e.fix ?? ''),
    );
    assert.throws(
      () => resolveScenario({ persistence: 'keep' }),
      (e: unknown) => isRedcheckError(e) && /--redis-conf/.test(e.fix ?? ''),
    );
    const conf = confFile('save 60 1000\n');
    assert.equal(resolveScenario({ persistence: 'keep', redisConf: conf }).persistence, 'keep');
  });

  it('redisConf in a scenario file (run and suite) is relative to that file', () => {
    const conf = confFile('maxmemory 1mb\n');
    const scenario = join(conf, '..', 'mine.json');
    writeFileSync(scenario, JSON.stringify({ topology: 'standalone', redisConf: 'redis.conf' }));
    assert.equal(loadSuiteScenario(scenario).input.redisConf, conf);
    assert.equal(inputOf(parseRunValues(['--scenario', scenario])).input.redisConf, conf);
    // on the command line it is the path as given (relative to the working folder)
    assert.equal(
      inputOf(parseRunValues(['--redis-conf', 'x/redis.conf'])).input.redisConf,
      'x/redis.conf',
    );
  });

  it('include: inlined relative to its file; a missing one is an error naming the line', () => {
    const inc = confFile('maxmemory 5mb\n', 'extra.conf');
    const main = join(inc, '..', 'redis.conf');
    writeFileSync(main, 'hz 10\ninclude extra.conf\n');
    assert.deepEqual(
      loadRedisConf(main).map((l) => l.text),
      ['hz 10', 'maxmemory 5mb'],
    );
    writeFileSync(main, 'hz 10\ninclude missing.conf\n');
    exit2(() => loadRedisConf(main), /redis\.conf:2/);
    writeFileSync(main, 'include redis.conf\n');
    exit2(() => loadRedisConf(main), /redis\.conf:1: include loops/);
    exit2(() => loadRedisConf(join(inc, '..', 'none.conf')), /cannot read/);
  });

  it('refuses TLS and port 0, naming the line; passwords are taken (redisConfAuth.test.ts)', () => {
    exit2(() => loadRedisConf(confFile('hz 10\ntls-port 6380\n')), /:2: TLS is not supported/);
    exit2(() => loadRedisConf(confFile('port 0\n')), /:1: port 0/);
    assert.equal(loadRedisConf(confFile('\n\nrequirepass s3cret\n')).length, 1);
    assert.equal(loadRedisConf(confFile('port 6379\nuser default on nopass ~* +@all\n')).length, 2);
  });

  it('refuses a rename-command of a command the run sends, naming the line', () => {
    const set = neededCommands({ workload: 'set', mode: 'async', topology: 'standalone' });
    const lines = loadRedisConf(confFile('maxmemory 1mb\nrename-command SADD ""\n'));
    exit2(() => checkRenames(lines, set), /redis\.conf:2: this run sends SADD/);
    const wait = neededCommands({ workload: 'counter', mode: 'wait', topology: 'sentinel' });
    exit2(
      () => checkRenames(loadRedisConf(confFile('rename-command wait w2\n')), wait),
      /sends WAIT/,
    );
    exit2(
      () => checkRenames(loadRedisConf(confFile('rename-command CONFIG ""\n')), set),
      /sends CONFIG/,
    );
    // AUTH is sent once the file sets a password (or an aclfile), and only then
    exit2(
      () =>
        checkRenames(loadRedisConf(confFile('requirepass s3cret\nrename-command AUTH ""\n')), set),
      /redis\.conf:2: this file sets a password/,
    );
    checkRenames(loadRedisConf(confFile('rename-command AUTH ""\n')), set);
    // a command no part of the run sends may be renamed
    checkRenames(loadRedisConf(confFile('rename-command FLUSHALL ""\n')), set);
    checkRenames(lines.slice(0, 1), set);
    assert.ok(!set.has('WAIT') && wait.has('REPLICAOF') && wait.has('SENTINEL'));
    assert.ok(wait.has('PSYNC') && wait.has('PUBLISH') && !set.has('PSYNC'));
    // a standalone run sends no PSYNC: renaming it is the user's business
    checkRenames(loadRedisConf(confFile('rename-command PSYNC ""\n')), set);
    exit2(
      () => checkRenames(loadRedisConf(confFile('rename-command psync ""\n')), wait),
      /sends PSYNC/,
    );
  });

  it('the run page lists each override, escaped; nothing without a file', () => {
    const results = {
      redisConf: {
        file: '/home/me/redis.conf',
        overrides: [
          {
            directive: 'bind',
            file: 'bind 127.0.0.1',
            used: 'bind 0.0.0.0',
            why: 'replicas <reach>',
          },
        ],
      },
    } as unknown as RunResults;
    const html = redisConfOverrides(results).markup;
    assert.match(html, /id="redis-conf-overrides"/);
    assert.match(html, /your file said/);
    assert.match(html, /<code>bind 127\.0\.0\.1<\/code>/);
    assert.match(html, /replicas &lt;reach&gt;/);
    assert.doesNotMatch(html, /take a password/);
    const protectedRun = {
      redisConf: { file: '/r.conf', overrides: [], authUser: 'repl<x>' },
    } as unknown as RunResults;
    assert.match(
      redisConfOverrides(protectedRun).markup,
      /take a password: redcheck connected as user repl&lt;x&gt;/,
    );
    assert.equal(redisConfOverrides({} as RunResults).markup, '');
  });

  it('run --redis-conf with rename-command SADD under the set workload: exit 2 naming the line (CLI, no Docker)', function () {
    this.timeout(60_000);
    const conf = confFile('maxmemory 100mb\nrename-command SADD ""\n');
    const scenario = join(conf, '..', 'scenario.json');
    writeFileSync(
      scenario,
      JSON.stringify({ topology: 'standalone', workload: 'set', redisConf: 'redis.conf' }),
    );
    const r = spawnSync(
      process.execPath,
      ['bin/redcheck.js', 'run', '--scenario', scenario, '--time-limit', '3s'],
      {
        encoding: 'utf8',
        env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent.sock' },
      },
    );
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /redis\.conf:2: this run sends SADD/);
    assert.match(r.stderr, /fix: remove the rename-command SADD line/);
  });
});
