import assert from 'node:assert/strict';
import { streamHistory } from '../../src/history/jsonl.js';
import { findHistoryFile } from '../../src/store/runDir.js';
import { recheckRun } from '../../src/runner/recheckRun.js';
import { runScenario } from '../../src/runner/runScenario.js';
import { resolveScenario } from '../../src/runner/scenario.js';
import { useDockerScratch } from '../support/dockerScratch.js';
import { checkNoLeftovers } from '../support/leftovers.js';

/**
 * The runner probe on a real Redis Cluster: one shard primary cut off with its clients. The
 * probe's lanes (every zone to every node) are in the history as `process: "probe"`, counted
 * by no checker; the cut primary's window is measured from them, carried by the
 * cluster-minority cause, and derived again by `check <run-dir>`.
 */
describe('runner probe: the cluster minority window @docker', function () {
  this.timeout(300_000);
  checkNoLeftovers();
  const scratch = useDockerScratch('redcheck-probe-test-');

  it('measures how long the cut primary kept acknowledging, apart from the workload', async () => {
    const { results, runDir: dir } = await runScenario({
      scenario: resolveScenario({
        store: scratch.dir,
        topology: 'cluster',
        shards: 3,
        replicas: 1,
        clusterNodeTimeout: '2000ms',
        nemesis: ['partition:shard-primary-with-clients'],
        nemesisInterval: '8s',
        timeLimit: '24s',
        seed: 21,
      }),
      progress: null,
      log: () => undefined,
    });
    const probe = results.probe ?? assert.fail('a cluster run has a probe');
    assert.equal(probe.lanes, 36, '6 zones x 6 nodes');
    assert.ok(probe.ops.ok > 100, `${probe.ops.ok} acknowledged probe writes`);
    const cut = probe.cuts?.[0] ?? assert.fail('the partition cut a primary');
    const node = cut.nodes[0] ?? assert.fail('the cut primary');
    // It kept acknowledging after the cut, and stopped within the node timeout plus the time
    // the cut took to put in place and the failure reports' round (generous under load).
    assert.ok(node.ackMs > 500, `acknowledged for ${node.ackMs} ms after the cut`);
    assert.ok(node.ackMs < 2000 + (cut.cutMs ?? 0) + 3000, `${node.ackMs} ms`);
    assert.equal(probe.minorityAckMs, node.ackMs);

    // The probe's ops are in the history apart from the workload's: no checker counts them.
    let probeOps = 0;
    let clientCompletions = 0;
    const file = findHistoryFile(dir) ?? assert.fail('a history');
    for await (const op of streamHistory(file)) {
      if (op.process === 'probe') {
        probeOps++;
        assert.equal(op.f, 'probe');
        if (op.type !== 'invoke') assert.ok(op.node, 'a probe completion names its node');
      } else if (typeof op.process === 'number' && op.type !== 'invoke') clientCompletions++;
    }
    assert.ok(probeOps >= 2 * (probe.ops.ok + probe.ops.fail + probe.ops.info) - 2 * 36);
    const stats = results.checkers.stats as { total: number } | undefined;
    assert.equal(stats?.total, clientCompletions, 'op counts are the workload only');

    // The cause carries the window; `check <run-dir>` derives the same one from the files.
    const group = results.causes?.groups.find((g) => g.cause === 'cluster-minority');
    if (group !== undefined) assert.equal(group.evidence.minorityAckMs, node.ackMs);
    const again = await recheckRun(dir);
    assert.equal(again.probe?.minorityAckMs, probe.minorityAckMs);
    assert.deepEqual(again.causeDifferences, []);
  });
});
