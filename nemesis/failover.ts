import { INSTANT_FAULT, type FaultKind } from './faultKind.js';
import { NOTHING_TO_UNDO, type ActiveFault, type Nemesis } from './nemesis.js';
import { awaitPromotion, PROMOTION_TIMEOUT_MS } from './promotion.js';

/**
 * Ask a sentinel for a manual failover (`SENTINEL FAILOVER <master>`), which promotes a
 * replica without any agreement that the primary is down. Instantaneous: nothing to stop.
 */
export function failoverNemesis(): Nemesis {
  return {
    kind: 'failover',
    async setup() {},

    async start(target, rng, ctx): Promise<ActiveFault> {
      const { deployment } = ctx;
      const master = deployment.masterName;
      if (master === undefined) throw new Error('failover needs sentinels (topology sentinel)');
      const before = (await deployment.currentPrimary())?.name;
      const answers: string[] = [];
      let via: string | undefined;
      for (const node of rng.shuffle(deployment.nodes)) {
        const r = await node.exec([
          'sh',
          '-c',
          `cli=$(command -v redis-cli || command -v valkey-cli) && ` +
            `exec timeout 5 "$cli" -p ${deployment.sentinelPort} SENTINEL FAILOVER "$0"`,
          master,
        ]);
        const reply = (r.stdout || r.stderr).trim();
        if (r.exitCode === 0 && reply === 'OK') {
          via = node.name;
          break;
        }
        answers.push(`${node.name}: ${reply || `exit ${r.exitCode}`}`);
      }
      if (via === undefined)
        throw new Error(`no sentinel accepted FAILOVER: ${answers.join('; ')}`);
      const startedAt = ctx.now();
      const { promoted, after } = await awaitPromotion(
        async () => (await deployment.currentPrimary())?.name,
        (now) => now !== undefined && now !== before,
      );
      return {
        kind: 'failover',
        target,
        startedAt,
        nodes: after === undefined ? [] : [after],
        value: { via, from: before ?? null, to: after ?? null },
        description: `failover via ${via}: ${before ?? '?'} -> ${after ?? '?'}`,
        verified: promoted,
        ...(promoted
          ? {}
          : {
              problem: `primary still ${after ?? 'unknown'} ${PROMOTION_TIMEOUT_MS} ms after FAILOVER`,
            }),
      };
    },

    ...NOTHING_TO_UNDO,
  };
}

/** A manual failover through the sentinels: instantaneous, nothing to stop. */
export const failoverFault: FaultKind = {
  ...INSTANT_FAULT,
  name: 'failover',
  help: 'SENTINEL FAILOVER: promote a replica with no fault at all (instantaneous)',
  ops: { start: 'failover' },
  topologies: ['sentinel'],
  minNodes: () => 2,
  create: failoverNemesis,
};
