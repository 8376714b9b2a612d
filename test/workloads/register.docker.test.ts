import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { bridgeNameFor } from '../../src/cluster/index.js';
import { runScenario, type RunScenarioResult } from '../../src/runner/runScenario.js';
import { resolveScenario, type ScenarioInput } from '../../src/runner/scenario.js';
import type { RegisterCheckResult } from '../../workloads/register/index.js';
import { dockerOrSkip } from '../support/dockerAvailable.js';
import { checkNoLeftovers, leftovers } from '../support/leftovers.js';

function linearizableOf(r: RunScenarioResult): RegisterCheckResult {
  return r.results.checkers.linearizable as unknown as RegisterCheckResult;
}

function describeRun(r: RunScenarioResult): string {
  const lin = linearizableOf(r);
  const stats = r.results.checkers.stats as unknown as { byF?: Record<string, unknown> };
  return (
    `valid ${String(r.results.valid)}, linearizable ${String(lin.valid)} ` +
    `(${lin.opCount} ops, checked in ${lin.elapsedMs} ms; per key ` +
    `${Object.entries(lin.keys)
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(', ')}), ${r.results.opsPerSec} ops/s, by f ${JSON.stringify(stats.byF)}`
  );
}

describe('redcheck run --workload register @docker', function () {
  this.timeout(180_000);
  checkNoLeftovers();
  let docker: Docker;
  let store: string;

  before(async function () {
    docker = await dockerOrSkip(this);
    store = mkdtempSync(join(tmpdir(), 'redcheck-register-run-'));
  });
  after(() => {
    if (store) rmSync(store, { recursive: true, force: true });
  });

  async function run(input: ScenarioInput): Promise<RunScenarioResult> {
    const r = await runScenario({
      scenario: resolveScenario({ store, workload: 'register', seed: 1, ...input }),
      progress: null,
      log: () => undefined,
    });
    const zones = (r.results.deployment?.zones ?? []).map((z) => z.ip);
    assert.deepEqual(
      await leftovers(docker, r.results.run, bridgeNameFor(r.results.run), zones),
      [],
      'nothing remains',
    );
    return r;
  }

  for (const mode of ['async', 'multi'] as const) {
    it(`replication, no faults, reads on the primary, ${mode}: linearizable`, async () => {
      const r = await run({ topology: 'replication', mode, nemesis: 'none', timeLimit: '8s' });
      console.log(`      measured: ${describeRun(r)}`);
      const lin = linearizableOf(r);
      assert.equal(lin.model, 'cas-register');
      assert.equal(lin.valid, true);
      assert.equal(r.results.valid, true);
      assert.equal(r.exitCode, 0);
      assert.deepEqual(Object.values(lin.keys), [true, true, true]);
    });
  }

  it('sentinel + async + partition primary-with-clients: the run completes with a verdict', async () => {
    const r = await run({
      topology: 'sentinel',
      mode: 'async',
      nemesis: 'partition:primary-with-clients',
      nemesisInterval: '5s',
      timeLimit: '15s',
    });
    console.log(`      measured: ${describeRun(r)}; faults ${r.results.faults.length}`);
    const lin = linearizableOf(r);
    assert.equal(r.results.error, undefined);
    assert.ok([true, false, 'unknown'].includes(lin.valid));
    assert.equal(r.results.faults.length, 1);
    for (const p of lin.partitions) {
      if (p.evidence) assert.ok((p.evidence.longestPrefixes[0]?.length ?? 0) <= 2000);
    }
  });
});
