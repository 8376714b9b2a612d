import assert from 'node:assert/strict';
import { faultKind } from '../../nemesis/index.js';
import type { Deployment, Node } from '../../src/cluster/index.js';
import { createRandom } from '../../src/common/random.js';
import { nemesisContext } from './nemesisContext.js';
import { nodeNamed } from './useDeployment.js';

/** `redis-cli <args>` on node `n` (through its helper where the image has no CLI); its answer. */
export async function redisCli(n: Node, ...args: string[]): Promise<string> {
  const r = await n.exec(['timeout', '5', 'redis-cli', ...args]);
  assert.equal(r.exitCode, 0, `[${n.name}] redis-cli ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/**
 * kill on `d`'s primary n1: the process is down and the fault verified, then it runs again
 * after the stop and still holds `key` (written before the kill). The same on every image.
 */
export async function checkKillKeepsData(d: Deployment, key: string): Promise<void> {
  const ctx = nemesisContext(d);
  const primary = nodeNamed(d, 'n1');
  assert.equal(await redisCli(primary, 'SET', key, 'kept'), 'OK');
  const k = faultKind('kill').create();
  const fault = await k.start('primary', createRandom(1), ctx);
  assert.equal(fault.verified, true, fault.problem);
  assert.deepEqual(fault.nodes, ['n1']);
  assert.equal(await primary.status('redis'), 'down');
  const stopped = await k.stop(fault, ctx);
  assert.equal(stopped.verified, true, stopped.problem);
  assert.equal(await primary.status('redis'), 'running');
  assert.equal(await redisCli(primary, 'GET', key), 'kept');
}

/** pause on `d`'s n2: state T and no answer to PING, then PONG again after the stop. */
export async function checkPauseStopsAnswers(d: Deployment): Promise<void> {
  const ctx = nemesisContext(d);
  const n2 = nodeNamed(d, 'n2');
  const pz = faultKind('pause').create();
  const fault = await pz.start('n2', createRandom(1), ctx);
  assert.equal(fault.verified, true, fault.problem);
  assert.equal(await n2.status('redis'), 'stopped');
  const ping = await n2.exec(['timeout', '1', 'redis-cli', 'PING']);
  assert.notEqual(ping.stdout.trim(), 'PONG');
  const stopped = await pz.stop(fault, ctx);
  assert.equal(stopped.verified, true, stopped.problem);
  assert.equal(await redisCli(n2, 'PING'), 'PONG');
}
