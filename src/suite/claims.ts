/**
 * The seed's claims, by the ids the suite reports under (`docs/claims.md` says each one in
 * full). A scenario's `claim.id` is one of these or a variant of one (`isClaimOrVariantId`).
 */
export const CLAIMS = {
  R1: 'One primary takes writes; replicas copy it asynchronously',
  R3: 'Full resync: BGSAVE, RDB transfer, then the backlog; the replica ends identical',
  R4: 'Partial resync after a short break sends only the missed commands, faster than a full one',
  R5: 'Replicas serve reads, spreading load',
  'R6/R7': 'Sentinel promotes a replica when the primary fails, with no manual step',
  R8: 'Redis Cluster shards data and fails over each shard',
  C1: 'Async replication gives only eventual consistency; replicas lag',
  C2: 'WAIT makes replication semi-synchronous and reduces loss, but is not fully synchronous',
  C3: 'MULTI/EXEC runs commands atomically; WATCH gives optimistic locking; no rollback',
  "C3'": 'Transactions are still lost on failover like any async write',
  C4: 'A Lua script runs atomically, but a long one blocks the whole server',
  C5a: 'RDB loses the writes since the last snapshot',
  C5b: 'AOF everysec can lose about one second of writes',
  C5c: 'AOF always loses nothing',
  C5d: 'A primary without persistence that restarts empty wipes its replicas',
} as const;

export type ClaimId = keyof typeof CLAIMS;
export const CLAIM_IDS = Object.keys(CLAIMS) as ClaimId[];

export function isClaimId(id: string): id is ClaimId {
  return Object.hasOwn(CLAIMS, id);
}

/**
 * Whether `id` names a seed claim or a scenario about one's family: the claim's number and a
 * dash-separated name, as the controls and variants in `scenarios/` do (`C5-control`,
 * `C5-waitaof`, `R8-migrate`). `R9` or `C5x` name nothing.
 */
export function isClaimOrVariantId(id: string): boolean {
  if (isClaimId(id)) return true;
  const m = /^([RC]\d+)-[a-z0-9]+(?:-[a-z0-9]+)*$/.exec(id);
  const family = m?.[1];
  return (
    family !== undefined &&
    CLAIM_IDS.some((c) => c.startsWith(family) && !/\d/.test(c.charAt(family.length)))
  );
}
