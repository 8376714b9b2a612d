import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { SetCheckResult } from '../../src/checker/set.js';
import { bareImageName } from '../../src/cluster/bareImage.js';
import { runScenario, type RunScenarioResult } from '../../src/runner/runScenario.js';
import { resolveScenario, type ScenarioInput } from '../../src/runner/scenario.js';
import { useDockerScratch } from '../support/dockerScratch.js';
import { checkNoLeftovers } from '../support/leftovers.js';

/**
 * The verdicts redcheck's own image gets (test/runner/run.docker.test.ts), on the tool-free
 * image (`--image redcheck/redis-bare:7.0`): acknowledged writes lost under the async
 * partition of the primary with its clients, none without faults, none under power loss with
 * appendfsync always. The version comes from INFO server.
 */
const BARE = bareImageName('7.0');

function setOf(r: RunScenarioResult): SetCheckResult {
  return r.results.checkers.set as unknown as SetCheckResult;
}

describe('redcheck run --image on a tool-free image: the same verdicts @docker', function () {
  this.timeout(240_000);
  checkNoLeftovers();
  const scratch = useDockerScratch('redcheck-bare-run-');

  const run = (input: ScenarioInput): Promise<RunScenarioResult> =>
    runScenario({
      scenario: resolveScenario({ store: scratch.dir, image: BARE, seed: 1, ...input }),
      progress: null,
      log: () => undefined,
    });

  it('sentinel + async + partition primary-with-clients loses acknowledged writes', async () => {
    const r = await run({
      topology: 'sentinel',
      mode: 'async',
      nemesis: 'partition:primary-with-clients',
      nemesisInterval: '8s',
      timeLimit: '20s',
    });
    const set = setOf(r);
    console.log(`      measured: ${set.lost} of ${set.acknowledged} lost on ${BARE}`);
    assert.equal(r.results.faults[0]?.verified, true, JSON.stringify(r.results.faults));
    assert.ok(set.lost > 0, 'lost acknowledged writes');
    assert.equal(r.results.valid, false);
    assert.equal(r.exitCode, 1);
    assert.match(r.results.redisVersion ?? '', /^7\.0\./);
    assert.equal(r.results.scenario['image'], BARE);
  });

  it('replication + async, no faults: valid, 0 lost', async () => {
    const r = await run({
      topology: 'replication',
      mode: 'async',
      nemesis: 'none',
      timeLimit: '8s',
    });
    const set = setOf(r);
    assert.equal(set.lost, 0);
    assert.ok(set.acknowledged > 0);
    assert.equal(r.results.valid, true, JSON.stringify(r.results.checkers));
  });

  it('standalone + power loss of the primary with aof-always: 0 lost, bytes cut', async () => {
    const r = await run({
      topology: 'standalone',
      mode: 'async',
      persistence: 'aof-always',
      nemesis: 'power-loss:primary',
      nemesisInterval: '4s',
      timeLimit: '12s',
    });
    const set = setOf(r);
    const loss = r.results.faults.find((f) => f.fault === 'power-loss');
    assert.equal(loss?.verified, true, JSON.stringify(r.results.faults));
    assert.equal(set.lost, 0, `lost ${set.lost} of ${set.acknowledged}`);
    assert.ok(set.acknowledged > 0);
  });
});
