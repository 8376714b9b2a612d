import { readHistoryText } from '../../src/history/fileText.js';
import { streamHistory } from '../../src/history/jsonl.js';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { SetCheckResult } from '../../src/checker/set.js';
import { bridgeNameFor } from '../../src/cluster/index.js';
import type { RunResults } from '../../src/store/index.js';
import { recheckRun } from '../../src/runner/recheckRun.js';
import { runScenario, type RunScenarioResult } from '../../src/runner/runScenario.js';
import { resolveScenario, type ScenarioInput } from '../../src/runner/scenario.js';
import { dockerOrSkip } from '../support/dockerAvailable.js';
import { checkNoLeftovers, leftovers } from '../support/leftovers.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'redcheck.js');

/** Everything a run may leave behind, including host iptables rules naming its bridge. */
async function remains(docker: Docker, results: Pick<RunResults, 'run' | 'deployment'>) {
  const bridge = bridgeNameFor(results.run);
  const found = await leftovers(
    docker,
    results.run,
    bridge,
    (results.deployment?.zones ?? []).map((z) => z.ip),
  );
  const rules = execFileSync('iptables-save', { encoding: 'utf8' });
  for (const line of rules.split('\n')) if (line.includes(bridge)) found.push(`iptables ${line}`);
  return found;
}

function setOf(r: RunScenarioResult): SetCheckResult {
  return r.results.checkers.set as unknown as SetCheckResult;
}

/** Run the CLI; resolves with its exit code and output. `onStderr` sees output as it comes. */
function cli(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  onStderr?: (text: string, child: ReturnType<typeof spawn>) => void,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
      onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('redcheck run @docker', function () {
  this.timeout(240_000);
  checkNoLeftovers();
  let docker: Docker;
  let store: string;

  before(async function () {
    docker = await dockerOrSkip(this);
    store = mkdtempSync(join(tmpdir(), 'redcheck-run-test-'));
  });
  after(() => {
    if (store) rmSync(store, { recursive: true, force: true });
  });

  async function run(input: ScenarioInput): Promise<RunScenarioResult> {
    const r = await runScenario({
      scenario: resolveScenario({ store, ...input }),
      progress: null,
      log: () => undefined,
    });
    assert.deepEqual(await remains(docker, r.results), [], 'nothing of the run remains');
    assert.equal(readlinkSync(join(store, 'latest')), r.results.run);
    return r;
  }

  it('sentinel + async + partition primary-with-clients loses acknowledged writes', async () => {
    const r = await run({
      topology: 'sentinel',
      mode: 'async',
      nemesis: 'partition:primary-with-clients',
      nemesisInterval: '8s',
      timeLimit: '25s',
      seed: 1,
    });
    const set = setOf(r);
    console.log(
      `      measured: ${set.lost} of ${set.acknowledged} acknowledged writes lost ` +
        `(${set.lostPercent}%; aphyr measured 56% in 2013), ${set.lostDuringFaults} during the partition`,
    );
    assert.equal(r.results.settle?.settled, true, r.results.settle?.reason);
    assert.ok(set.lost > 0, 'lost acknowledged writes');
    assert.equal(r.results.valid, false);
    assert.equal(r.exitCode, 1);
    assert.equal(r.results.faults.length, 1);
    // The failover the partition caused, seen by the TCP observer and recorded as a failover
    // after the partition started.
    const [failover] = r.results.failovers ?? [];
    assert.equal(failover?.from, 'n1', JSON.stringify(r.results.failovers));
    assert.ok(failover.time > (r.results.faults[0]?.start ?? Infinity));
    assert.match(r.results.command, /--seed 1 /);
    // The final state, larger than one page, is stored page by page: several ops per node,
    // the last one marked, none near the readers' line limit.
    const pages = new Map<string, { count: number; last: number; items: number }>();
    for await (const op of streamHistory(join(r.runDir, 'history.jsonl.gz'))) {
      if (op.f !== 'final-read' || op.type !== 'ok') continue;
      const v = op.value as { last: boolean; state: { set: string[]; list: string[] } };
      const p = pages.get(op.node ?? '') ?? { count: 0, last: 0, items: 0 };
      p.count++;
      if (v.last) p.last++;
      p.items += v.state.set.length + v.state.list.length;
      assert.ok(JSON.stringify(op).length < 4 << 20, 'a page is a small line');
      pages.set(op.node ?? '', p);
    }
    assert.equal(pages.size, 3);
    for (const [node, p] of pages) {
      assert.ok(p.count >= 2, `${node}: ${p.count} pages of ${p.items} items`);
      assert.equal(p.last, 1, `${node}: one last page`);
    }
    // The stored files alone give the same verdict and the same lost count.
    const again = await recheckRun(r.runDir);
    assert.deepEqual(again.differences, []);
    assert.equal(again.derived.valid, false);
    assert.equal((again.derived.checkers.set as unknown as SetCheckResult).lost, set.lost);
    // The causes phase gave every lost write a cause; the stored files alone give the same.
    assert.equal(r.results.causes?.lost, set.lost);
    assert.deepEqual(again.causeDifferences, []);
    assert.deepEqual(
      JSON.parse(JSON.stringify(again.causes)),
      JSON.parse(JSON.stringify(r.results.causes)),
    );
    const checked = await cli(['check', r.runDir]);
    assert.equal(checked.code, 1, checked.stderr);
    assert.match(checked.stdout, /the same verdict as the run stored/);
    assert.match(checked.stdout, new RegExp(`lost ${set.lost} `));
    assert.match(checked.stdout, /causes: .*% explained\) \(re-derived\)/);
    assert.doesNotMatch(checked.stdout, /causes differ/);
  });

  it('sentinel + wait for every replica loses no acknowledged write under the same partition', async () => {
    const r = await run({
      topology: 'sentinel',
      mode: 'wait',
      waitReplicas: 2,
      nemesis: 'partition:primary-with-clients',
      nemesisInterval: '8s',
      timeLimit: '25s',
      seed: 1,
    });
    const set = setOf(r);
    console.log(
      `      measured: ${set.lost} lost of ${set.acknowledged} acknowledged, ` +
        `${set.indeterminate} info (${set.recovered} recovered)`,
    );
    assert.equal(set.lost, 0);
    assert.ok(set.acknowledged > 0);
    assert.equal(r.results.settle?.settled, true, r.results.settle?.reason);
  });

  it('multi applies both keys or neither under kill and partition', async () => {
    const r = await run({
      topology: 'sentinel',
      mode: 'multi',
      nemesis: 'kill:primary,partition:primary-with-clients',
      nemesisInterval: '5s',
      timeLimit: '20s',
      // Seed 1 draws kill then partition.
      seed: 1,
    });
    const set = setOf(r);
    console.log(
      `      multi: partial ${set.partial}, lost ${set.lost}/${set.acknowledged}, ` +
        `faults ${r.results.faults.map((f) => f.fault).join(',')}`,
    );
    assert.equal(set.partial, 0);
    assert.deepEqual(
      r.results.faults.map((f) => f.fault),
      ['kill', 'partition'],
    );
    for (const node of set.nodes) assert.equal(node.partial, 0, `${node.node} partial`);
  });

  it('lua applies both keys or neither under a composed fault: a kill inside a partition', async () => {
    const r = await run({
      topology: 'sentinel',
      mode: 'lua',
      // n1, the first primary, is the node the partition cuts off: killed where it is, with
      // no wait for Sentinel to say who the primary is in the middle of a failover.
      nemesis: 'partition:primary-with-clients+kill:n1',
      nemesisInterval: '10s',
      timeLimit: '20s',
      seed: 1,
    });
    const set = setOf(r);
    const [partition, kill] = r.results.faults;
    console.log(
      `      lua: partial ${set.partial}, lost ${set.lost}/${set.acknowledged}, ` +
        `faults ${r.results.faults.map((f) => `${f.fault} ${f.start}-${f.end ?? ''}`).join(', ')}`,
    );
    assert.equal(set.partial, 0);
    for (const node of set.nodes) assert.equal(node.partial, 0, `${node.node} partial`);
    // Recorded as two faults, both taken and undone, the kill taking hold while the partition
    // held. (Nemesis ops run one at a time: under load a slow start can push the kill's end
    // past the partition's, so only the start is held to the nesting.)
    assert.deepEqual(
      r.results.faults.map((f) => [f.fault, f.verified]),
      [
        ['partition', true],
        ['kill', true],
      ],
    );
    assert.ok(partition?.end !== undefined && kill?.end !== undefined);
    assert.ok(
      partition.start < kill.start && kill.start < partition.end,
      `kill inside partition: ${JSON.stringify(r.results.faults)}`,
    );
    // Healed: the deployment settled and every node answered the final reads.
    assert.equal(r.results.settle?.settled, true, r.results.settle?.reason);
    assert.equal(set.nodes.length, 3);
  });

  const noFaults: ScenarioInput[] = [
    ...(['async', 'wait', 'multi', 'lua'] as const).map((mode) => ({
      topology: 'replication',
      mode,
    })),
    { topology: 'standalone', mode: 'async' },
    { topology: 'sentinel', mode: 'async' },
  ];
  for (const input of noFaults) {
    it(`no faults: ${input.topology} + ${input.mode} is valid with 0 lost`, async () => {
      const r = await run({ ...input, nemesis: 'none', timeLimit: '10s', seed: 5 });
      const set = setOf(r);
      assert.equal(set.lost, 0);
      assert.ok(set.acknowledged > 0);
      assert.equal(r.results.valid, true, JSON.stringify(r.results.checkers));
      assert.equal(r.exitCode, 0);
      for (const node of set.nodes) {
        assert.equal(node.missing, 0, `${node.node} misses writes after settling`);
      }
    });
  }

  it('leaves nothing behind after SIGINT in the middle of a run, and keeps the history', async () => {
    const sigStore = mkdtempSync(join(tmpdir(), 'redcheck-sigint-'));
    try {
      let sent = false;
      const r = await cli(
        [
          'run',
          '--topology',
          'replication',
          '--nemesis',
          'kill:primary',
          '--nemesis-interval',
          '3s',
          '--time-limit',
          '30s',
          '--store',
          sigStore,
        ],
        process.env,
        (err, child) => {
          if (!sent && /\[nemesis\] started kill/.test(err)) {
            sent = true;
            child.kill('SIGINT');
          }
        },
      );
      assert.ok(sent, `never saw the nemesis start: ${r.stderr}`);
      assert.notEqual(r.code, 0, r.stderr);
      const results = JSON.parse(
        readFileSync(join(sigStore, 'latest', 'results.json'), 'utf8'),
      ) as RunResults;
      assert.match(results.interrupted ?? '', /signal/);
      const history = await readHistoryText(join(sigStore, 'latest', 'history.jsonl.gz'));
      assert.ok(history.split('\n').length > 10, 'history was kept');
      assert.deepEqual(await remains(docker, results), []);
    } finally {
      rmSync(sigStore, { recursive: true, force: true });
    }
  });

  it('leaves nothing behind when Redis never becomes healthy (bad config), exit 2', async () => {
    const badStore = mkdtempSync(join(tmpdir(), 'redcheck-bad-'));
    try {
      const r = await cli([
        'run',
        '--topology',
        'replication',
        '--nemesis',
        'none',
        '--time-limit',
        '5s',
        '--redis-config',
        'no-such-directive yes',
        '--store',
        badStore,
      ]);
      assert.equal(r.code, 2, r.stderr);
      const results = JSON.parse(
        readFileSync(join(badStore, 'latest', 'results.json'), 'utf8'),
      ) as RunResults;
      assert.ok(results.error, 'results.json records the error');
      assert.deepEqual(await remains(docker, results), []);
    } finally {
      rmSync(badStore, { recursive: true, force: true });
    }
  });

  it('exits 2 with the fix when Docker is unreachable', async () => {
    const r = await cli(
      ['run', '--topology', 'standalone', '--time-limit', '5s', '--store', store],
      { ...process.env, DOCKER_HOST: 'unix:///nonexistent.sock' },
    );
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unreachable/);
    assert.match(r.stderr, /fix: .*dockerd/);
  });
});
