import assert from 'node:assert/strict';
import { scenarioDiffRows, scenarioSection, settingLabel } from '../../reports/scenarioSection.js';
import { resolveScenario } from '../../src/runner/scenario/resolveScenario.js';
import { scenarioDefaults } from '../../src/runner/scenario/scenarioDefaults.js';
import { RESULTS_SCHEMA_VERSION, type RunResults, type StoredRun } from '../../src/store/index.js';

function stored(input: Parameters<typeof resolveScenario>[0]): StoredRun {
  const scenario: Record<string, unknown> = { ...resolveScenario(input) };
  const results = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    run: 'r1',
    valid: true,
    seed: scenario.seed,
    scenario,
    checkers: {},
    faults: [],
    phases: {},
    command: 'redcheck run',
    startedAt: '2026-12-06T00:00:00Z',
    redisVersion: '7.0.15',
  } as unknown as RunResults;
  return { dir: '/nonexistent', results, scenario } as unknown as StoredRun;
}

/** The rows as `label = value (default)` lines, for readable assertions. */
function rows(run: StoredRun): Map<string, { value: string; default?: string }> {
  const s = run.scenario;
  return new Map(
    scenarioDiffRows(s, run.results, scenarioDefaults(s), scenarioDefaults({})).map((r) => [
      settingLabel(r.key),
      r,
    ]),
  );
}

describe('reports: the scenario as what differs from the defaults', () => {
  it('a default run shows what it is and nothing else; the defaults are the resolver’s own', () => {
    const r = rows(stored({ seed: 7 }));
    assert.deepEqual(
      [...r.keys()],
      ['topology', 'mode', 'workload', 'nemesis', 'persistence', 'time limit', 'redis', 'seed'],
    );
    assert.ok([...r.values()].every((v) => v.default === undefined));
    assert.equal(r.get('time limit')?.value, '30 s');
    assert.equal(r.get('redis')?.value, '7.0 (7.0.15)');
  });

  it('a changed setting shows beside its default, in words; an async run shows no WAIT settings', () => {
    const r = rows(
      stored({
        concurrency: 20,
        opTimeout: '2s',
        waitReplicas: 1,
        faultOptions: { packetLoss: 0.5 },
        seed: 1,
      }),
    );
    assert.deepEqual(r.get('concurrency'), { key: 'concurrency', value: '20', default: '10' });
    assert.deepEqual(r.get('op timeout'), { key: 'opTimeoutMs', value: '2 s', default: '1 s' });
    assert.deepEqual(r.get('packet loss'), {
      key: 'faultOptions.packetLoss',
      value: '0.5',
      default: '0.3',
    });
    assert.equal(r.has('WAIT replicas'), false, 'WAIT settings only in wait mode');
    for (const label of r.keys()) assert.doesNotMatch(label, /[a-z][A-Z]/, `${label} in words`);
  });

  it('a wait run on a cluster compares with the defaults of its kind (its replicas, its op timeout)', () => {
    const r = rows(stored({ topology: 'cluster', mode: 'wait', waitReplicas: 0, seed: 3 }));
    // A cluster's default replicas (1) and a wait run's default op timeout are not differences.
    assert.equal(r.has('replicas'), false);
    assert.equal(r.has('op timeout'), false);
    assert.deepEqual(r.get('WAIT replicas'), { key: 'waitReplicas', value: '0', default: '1' });
    // The run's kind differs from the empty scenario's, and says so.
    assert.deepEqual(r.get('topology'), { key: 'topology', value: 'cluster', default: 'sentinel' });
    assert.deepEqual(r.get('mode'), { key: 'mode', value: 'wait', default: 'async' });
  });

  it('the section folds the full JSON and counts the differences', () => {
    const run = stored({ concurrency: 3, seed: 9 });
    const html = scenarioSection(run, scenarioDefaults).markup;
    assert.match(html, /<details id="scenario-json">/);
    assert.match(html, /&quot;concurrency&quot;: 3/);
    assert.match(html, /the one setting\s+that\s+differ/);
    assert.match(html, /<tr data-setting="concurrency" class="differs">/);
  });
});
