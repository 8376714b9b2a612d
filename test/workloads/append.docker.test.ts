import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ListAppendResult } from '../../src/checker/elle/index.js';
import { runScenario, type RunScenarioResult } from '../../src/runner/runScenario.js';
import { resolveScenario, type ScenarioInput } from '../../src/runner/scenario.js';
import { readHistory } from '../../src/history/jsonl.js';
import { checkerResult, findHistoryFile } from '../../src/store/index.js';
import { useDockerScratch } from '../support/dockerScratch.js';
import { checkNoLeftovers } from '../support/leftovers.js';

describe('append workload against real Redis @docker', function () {
  this.timeout(240_000);
  checkNoLeftovers();
  const scratch = useDockerScratch('redcheck-append-test-');

  async function run(input: ScenarioInput): Promise<{ r: RunScenarioResult; a: ListAppendResult }> {
    const r = await runScenario({
      scenario: resolveScenario({ store: scratch.dir, workload: 'append', seed: 3, ...input }),
      progress: null,
      log: () => undefined,
    });
    const a = checkerResult(r.results, 'append') ?? assert.fail('no append result');
    return { r, a };
  }

  it('async on one node with no faults: valid (Redis runs one client batch at a time)', async () => {
    const { a } = await run({
      topology: 'standalone',
      mode: 'async',
      nemesis: 'none',
      timeLimit: '5s',
    });
    assert.equal(a.valid, true, a.explanations.join('\n'));
    assert.ok(a.stats.txns.ok > 100, `${a.stats.txns.ok} transactions`);
    assert.ok(a.stats.edges > 0);
  });

  it('replica reads behind a slow link: stale reads show as real-time anomalies', async () => {
    // Replication lag alone gives a few stale reads in some runs and none in others; a slow
    // link from the primary holds the replicas back for certain.
    const { r, a } = await run({
      topology: 'replication',
      mode: 'multi',
      readFrom: 'replica',
      nemesis: 'slow-link:primary',
      nemesisInterval: '3s',
      timeLimit: '7s',
    });
    console.log(`      measured: ${String(a.valid)}; ${JSON.stringify(a.counts)}`);
    // Reads served by a replica that had not yet applied a write the reader saw completed.
    assert.equal(a.valid, false);
    assert.ok(
      Object.keys(a.counts).some((t) => t.endsWith('-realtime')),
      `real-time anomalies: ${JSON.stringify(a.counts)}`,
    );
    // Only one-read transactions went to the replicas: every other one ran on the primary.
    const file = findHistoryFile(r.runDir);
    assert.ok(file !== undefined, `a history in ${r.runDir}`);
    const nodes = new Set(
      (await readHistory(file))
        .filter((op) => op.type === 'ok' && op.f === 'txn')
        .map((op) => {
          const value = op.value as unknown[];
          return `${value.length === 1 && JSON.stringify(value).startsWith('[["r"') ? 'read' : 'txn'} ${op.node ?? '?'}`;
        }),
    );
    assert.ok(
      nodes.has('txn n1') && !nodes.has('txn n2') && !nodes.has('txn n3'),
      [...nodes].join(),
    );
    assert.ok(nodes.has('read n2') || nodes.has('read n3'), [...nodes].join());
  });

  it('MULTI on sentinel under a partition: the page lists what Elle found and draws its cycles', async () => {
    const { r, a } = await run({
      topology: 'sentinel',
      mode: 'multi',
      nemesis: 'partition:primary-with-clients',
      nemesisInterval: '5s',
      timeLimit: '15s',
    });
    console.log(
      `      measured: ${String(a.valid)}; ${JSON.stringify(a.counts)}; ${a.stats.txns.ok} ok, ${a.stats.txns.info} info`,
    );
    const page = readFileSync(join(r.runDir, 'report.html'), 'utf8');
    assert.match(page, /<section id="transactions">/);
    for (const type of Object.keys(a.counts)) assert.ok(page.includes(`data-anomaly="${type}"`));
    const cycles = Object.values(a.anomalies)
      .flat()
      .filter((x) => 'edges' in x).length;
    assert.equal(page.includes('<svg class="cycle"'), cycles > 0);
    if (Object.keys(a.counts).length === 0) assert.match(page, /No anomaly found/);
  });
});
