import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadRedisConf } from '../../src/cluster/loadRedisConf.js';
import {
  configSecrets,
  redactConfigLine,
  redactSecrets,
  redisConfAuth,
} from '../../src/cluster/redisConfAuth.js';
import { resolveDeploymentOptions } from '../../src/cluster/deploymentOptions.js';
import {
  mergedRedisConfig,
  nodeAuth,
  renderRedisConfig,
  renderSentinelConfig,
  sentinelMonitorCommands,
} from '../../src/cluster/redisConfig.js';
import { cliAuthWrapper } from '../../src/cluster/dockerNode.js';
import { resolveScenario } from '../../src/runner/scenario.js';
import { isRedcheckError } from '../../src/errors.js';

const exit2 = (fn: () => unknown, pattern: RegExp, fix?: RegExp) =>
  assert.throws(
    fn,
    (e: unknown) =>
      isRedcheckError(e) &&
      e.code === 'E_REDIS_CONF' &&
      pattern.test(e.message) &&
      (fix === undefined || fix.test(e.fix ?? '')),
  );

function confDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'redcheck-auth-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('--redis-conf with passwords: which credentials redcheck uses, and never shows', () => {
  it('the default user with requirepass; masterauth first; masteruser + masterauth for ACL users', () => {
    assert.equal(redisConfAuth(['maxmemory 1mb']), undefined);
    assert.equal(redisConfAuth(['requirepass ""']), undefined);
    assert.deepEqual(redisConfAuth(['requirepass s3cret']), { password: 's3cret' });
    assert.deepEqual(redisConfAuth(['requirepass a', 'masterauth b']), { password: 'b' });
    // the last line of a directive wins, as Redis reads it
    assert.deepEqual(redisConfAuth(['requirepass a', 'requirepass "b c"']), { password: 'b c' });
    assert.deepEqual(
      redisConfAuth([
        'user default on >dflt ~* +@all',
        'user repl on >r-pw ~* &* +@all',
        'masteruser repl',
        'masterauth r-pw',
      ]),
      { user: 'repl', password: 'r-pw' },
    );
    // other users without a password leave the default user alone
    assert.deepEqual(redisConfAuth(['user bob on nopass ~* +@all', 'requirepass x']), {
      password: 'x',
    });
  });

  it('ACL users without masteruser, masteruser without masterauth or undefined: exit 2 with the fix', () => {
    exit2(
      () => redisConfAuth(['user bob on >pw ~* +@all']),
      /ACL users .* but no masteruser/,
      /masteruser <user>.*masterauth/,
    );
    exit2(() => redisConfAuth(['user default on #abc ~* +@all']), /no masteruser/);
    exit2(() => redisConfAuth(['masteruser bob', 'user bob on >pw']), /without masterauth/);
    exit2(
      () => redisConfAuth(['masteruser carol', 'masterauth pw', 'user bob on >pw']),
      /masteruser carol names no user/,
      /user carol on >password/,
    );
    // through the file: the path is named
    const dir = confDir({ 'redis.conf': 'user bob on >pw ~* +@all\n' });
    exit2(() => loadRedisConf(join(dir, 'redis.conf')), /redis\.conf: ACL users/);
  });

  it('an aclfile is read relative to the file and its users inlined; a bad line is named', () => {
    const dir = confDir({
      'redis.conf': 'aclfile users.acl\nmasteruser repl\nmasterauth r-pw\n',
      'users.acl': 'user default on >d ~* +@all\nuser repl on >r-pw ~* &* +@all\n',
      'bad.conf': 'aclfile bad.acl\n',
      'bad.acl': 'user a on >x\nrequirepass nope\n',
    });
    const lines = loadRedisConf(join(dir, 'redis.conf'));
    assert.deepEqual(
      lines.map((l) => l.text),
      [
        'user default on >d ~* +@all',
        'user repl on >r-pw ~* &* +@all',
        'masteruser repl',
        'masterauth r-pw',
      ],
    );
    assert.equal(lines[1]?.file, join(dir, 'users.acl'));
    exit2(
      () => loadRedisConf(join(dir, 'bad.conf')),
      /bad\.acl:2: an ACL file holds only `user` lines/,
    );
    exit2(() => loadRedisConf(join(dir, 'none.conf')), /cannot read/);
    writeFileSync(join(dir, 'missing.conf'), 'aclfile nowhere.acl\n');
    exit2(
      () => loadRedisConf(join(dir, 'missing.conf')),
      /missing\.conf:1: cannot read the aclfile/,
    );
  });

  it('the nodes: masterauth added for requirepass alone (no override), the sentinels get auth-pass and auth-user', () => {
    const o = (x: object) => resolveDeploymentOptions({ runId: 'x', topology: 'sentinel', ...x });
    const pass = o({ redisConf: ['requirepass s3cret', 'maxmemory 100mb'] });
    const m = mergedRedisConfig(pass);
    assert.match(m.config, /^requirepass s3cret$/m);
    assert.match(m.config, /^masterauth s3cret$/m);
    assert.deepEqual(m.overrides, []);
    assert.deepEqual(nodeAuth(pass), { password: 's3cret' });
    assert.deepEqual(sentinelMonitorCommands(pass, '10.0.0.2')[1]?.slice(-2), [
      'auth-pass',
      's3cret',
    ]);
    assert.match(renderSentinelConfig(pass, '10.0.0.2'), /^sentinel auth-pass mymaster s3cret$/m);
    // without a file: --redis-config's requirepass is followed as well (deployment API)
    assert.match(
      renderRedisConfig(o({ extraRedisConfig: ['requirepass "a b"'] })),
      /^masterauth "a b"$/m,
    );
    const acl = o({
      redisConf: ['user repl on >r-pw ~* &* +@all', 'masteruser repl', 'masterauth r-pw'],
    });
    assert.doesNotMatch(mergedRedisConfig(acl).config, /^masterauth r-pw\n[^]*^masterauth/m);
    assert.equal(mergedRedisConfig(acl).config.match(/^masterauth /gm)?.length, 1);
    const set = sentinelMonitorCommands(acl, '10.0.0.2')[1] ?? [];
    assert.deepEqual(set.slice(-4), ['auth-user', 'repl', 'auth-pass', 'r-pw']);
    // no password: nothing added, the configs as before
    assert.doesNotMatch(mergedRedisConfig(o({ redisConf: ['hz 10'] })).config, /masterauth/);
    assert.doesNotMatch(renderSentinelConfig(o({}), '10.0.0.2'), /auth/);
  });

  it('an override of a password line is listed redacted; --redis-config with a password is refused', () => {
    const o = resolveDeploymentOptions({
      runId: 'x',
      redisConf: [
        'requirepass file-pw',
        'user bob on >bob-pw ~* +@all',
        'masteruser bob',
        'masterauth bob-pw',
      ],
      extraRedisConfig: ['requirepass other-pw', 'user bob on >new-pw ~* +@all'],
    });
    const overrides = mergedRedisConfig(o).overrides;
    assert.deepEqual(
      overrides.map((x) => [x.directive, x.file, x.used]),
      [
        ['requirepass', 'requirepass (redacted)', 'requirepass (redacted)'],
        ['user bob', 'user bob on >(redacted) ~* +@all', 'user bob on >(redacted) ~* +@all'],
      ],
    );
    assert.doesNotMatch(JSON.stringify(overrides), /-pw/);
    const dir = confDir({ 'redis.conf': 'requirepass s3cret\n' });
    for (const line of ['requirepass x1', 'masterauth x1', 'user a on >x1 ~*']) {
      exit2(
        () => resolveScenario({ redisConf: join(dir, 'redis.conf'), redisConfig: [line] }),
        /--redis-config .*\(redacted\).*stored with the run/,
        /--redis-conf <file>/,
      );
    }
    assert.equal(
      resolveScenario({ redisConf: join(dir, 'redis.conf') }).redisConf,
      join(dir, 'redis.conf'),
    );
  });

  it('property: a redacted line never holds the password, whatever its characters', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9!$%^&*()_+=\-[\]{};:,./?~`'"\\ ]{6,24}$/);
    const quote = (w: string) => `"${w.replace(/["\\]/g, '\\$&')}"`;
    fc.assert(
      fc.property(
        secret,
        fc.constantFrom('requirepass', 'masterauth', 'user', 'sentinel'),
        (pw, d) => {
          fc.pre(
            !'requirepass masterauth sentinel auth-pass mymaster user bob on ~* +@all (redacted)'.includes(
              pw,
            ),
          );
          const line =
            d === 'user'
              ? `user bob on ${quote(`>${pw}`)} ~* +@all`
              : d === 'sentinel'
                ? `sentinel auth-pass mymaster ${quote(pw)}`
                : `${d} ${quote(pw)}`;
          const red = redactConfigLine(line);
          return !red.includes(pw) && red.includes('(redacted)');
        },
      ),
    );
  });

  it("a node's output loses every password of its config", () => {
    const secrets = configSecrets([
      'requirepass short',
      'masterauth "a longer one"',
      'user bob on >bob-pw <old ~* +@all',
      'maxmemory 1mb',
    ]);
    assert.deepEqual(secrets, ['a longer one', 'bob-pw', 'short', 'old']);
    const log = '>>> \'masterauth "a longer one" x\'\nAUTH bob-pw\nshortly';
    assert.equal(
      redactSecrets(log, secrets),
      '>>> \'masterauth "(redacted)" x\'\nAUTH (redacted)\n(redacted)ly',
    );
  });

  it("the helper's redis-cli wrapper names the user, never the password; skips the sentinel", () => {
    const w = cliAuthWrapper({ user: "o'neil", password: 'the-secret' });
    assert.doesNotMatch(w, /the-secret/);
    assert.match(w, /--user/);
    assert.match(w, /-p 26379/);
    assert.doesNotMatch(cliAuthWrapper({ password: 'p' }), /--user/);
  });
});
