import { RedcheckError } from '../../errors.js';
import type { Topology } from '../../cluster/types.js';
import type { ClientName } from '../../client/channel.js';
import { durationMs } from '../../common/durationMs.js';
import { clusterShards } from '../../cluster/deploymentOptions.js';
import type { ReadFrom, ScenarioInput } from './scenarioInput.js';

/** The cluster settings of a `cluster` scenario, checked; undefined for other topologies. */
export function resolveClusterInput(
  input: ScenarioInput,
  topology: Topology,
  client: ClientName,
  readFrom: ReadFrom,
): { shards: number; nodeTimeoutMs: number; requireFullCoverage: boolean } | undefined {
  if (topology !== 'cluster') {
    const given = (['shards', 'clusterNodeTimeout', 'clusterRequireFullCoverage'] as const).find(
      (f) => input[f] !== undefined,
    );
    if (given !== undefined) {
      throw new RedcheckError(
        'E_SCENARIO',
        `${given} with topology ${topology}`,
        'shards and cluster settings need --topology cluster',
      );
    }
    return undefined;
  }
  if (client === 'ioredis') {
    throw new RedcheckError(
      'E_SCENARIO',
      '--client ioredis with topology cluster is not supported',
      "ioredis's Cluster client follows MOVED/ASK and refreshes its slot map on its own, " +
        'and cannot say which node an op ran on or how often it was redirected: use --client resp',
    );
  }
  if (readFrom === 'replica') {
    throw new RedcheckError(
      'E_SCENARIO',
      'read-from replica with topology cluster',
      'cluster reads go to the primary serving the slot: use --read-from primary',
    );
  }
  let shards: number;
  try {
    shards = clusterShards(input.shards ?? 3);
  } catch (e) {
    if (e instanceof RedcheckError) throw new RedcheckError('E_SCENARIO', e.message, e.fix);
    throw e;
  }
  const nodeTimeoutMs = durationMs('cluster-node-timeout', input.clusterNodeTimeout, 2000);
  if (nodeTimeoutMs < 100) {
    throw new RedcheckError(
      'E_SCENARIO',
      `cluster-node-timeout ${nodeTimeoutMs}ms is below 100ms`,
      'e.g. --cluster-node-timeout 2000ms',
    );
  }
  const cover = input.clusterRequireFullCoverage ?? true;
  const requireFullCoverage =
    typeof cover === 'boolean' ? cover : ['yes', 'true'].includes(cover.toLowerCase());
  if (typeof cover === 'string' && !['yes', 'no', 'true', 'false'].includes(cover.toLowerCase())) {
    throw new RedcheckError(
      'E_SCENARIO',
      `cluster-require-full-coverage "${cover}"`,
      'use yes or no',
    );
  }
  return { shards, nodeTimeoutMs, requireFullCoverage };
}
