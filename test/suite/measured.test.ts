import assert from 'node:assert/strict';
import { resolveScenario } from '../../src/runner/scenario.js';
import { runResultsSchema } from '../../src/store/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DERIVED_MEASURES, isKnownMeasure, measure } from '../../src/suite/index.js';
import { fakeResults } from './fakeRun.js';

describe('suite measures from results.json', () => {
  const scenario = resolveScenario({ topology: 'sentinel', seed: 7 });

  it('reads the checkers, the derived numbers and every observer', () => {
    const results = runResultsSchema.parse({
      ...fakeResults(scenario, { lost: 3, failoverMs: 2500 }),
      deployment: { nodes: [{ name: 'n1', ip: '10.0.0.2' }], zones: [] },
      settle: { settled: true, ms: 900, primary: 'n2' },
      observers: {
        replication: {
          intervalMs: 200,
          samples: 50,
          sync: { full: 1, partialOk: 2, partialErr: 0 },
          catchUps: [
            { replica: 'n2', faultEnd: 1, ms: 800 },
            { replica: 'n3', faultEnd: 1, ms: 1200 },
            { replica: 'n3', faultEnd: 2, ms: null },
          ],
          lagMs: { samples: 90, p50: 2, p90: 30, p99: 400, max: 900, histogram: [] },
        },
        failover: {
          intervalMs: 250,
          changes: [{ time: 5e9, from: 'n1', to: 'n2', afterFaultMs: 3100 }],
        },
        multiProbe: {
          node: 'n1',
          execReplies: ['OK', 'error: ERR', 'OK'],
          failedCommands: 1,
          othersApplied: true,
        },
        longScript: {
          node: 'n1',
          durationMs: 2000,
          scriptMs: 2050,
          scriptReply: '1',
          pings: 9,
          busyReplies: 8,
          maxPingMs: 540,
        },
      },
    });
    const m = measure(results);
    assert.equal(m['set.lost'], 3);
    assert.equal(m.valid, false);
    assert.equal(m.failovers, 1);
    assert.equal(m.failoverMs, 2500);
    assert.equal(m.primaryChanged, true);
    assert.equal(m.settleMs, 900);
    assert.equal(m.lossWindowMs, 2.5);
    assert.equal(m['resync.full'], 1);
    assert.equal(m['resync.partialOk'], 2);
    assert.equal(m['resync.catchUpMs'], 1200);
    assert.equal(m['resync.notCaughtUp'], 1);
    assert.equal(m['lag.p99Ms'], 400);
    assert.equal(m['failover.count'], 1);
    assert.equal(m['failover.ms'], 3100);
    assert.equal(m['multi.othersApplied'], true);
    assert.equal(m['lua.busyReplies'], 8);
    for (const name of Object.keys(m)) assert.ok(isKnownMeasure(name), `${name} is documented`);
  });

  it('leaves out what was not measured', () => {
    const m = measure(fakeResults(scenario, {}));
    for (const name of [
      'failoverMs',
      'primaryChanged',
      'resync.full',
      'failover.ms',
      'lua.scriptMs',
    ]) {
      assert.equal(name in m, false, name);
    }
  });

  it('docs/claims.md documents every derived measure', () => {
    const docs = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'claims.md'), 'utf8');
    for (const name of Object.keys(DERIVED_MEASURES)) assert.ok(docs.includes(`\`${name}\``), name);
  });
});
