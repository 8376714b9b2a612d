import { waitFor } from './waitFor.js';

/** How long a replica gets to take over after a FAILOVER (Sentinel's or a cluster shard's). */
export const PROMOTION_TIMEOUT_MS = 15_000;

/**
 * After a FAILOVER: poll who the primary is (every 200 ms, at most PROMOTION_TIMEOUT_MS)
 * until `promoted` holds of the answer. Returns whether it did and the last answer.
 */
export async function awaitPromotion(
  primary: () => Promise<string | undefined>,
  promoted: (primary: string | undefined) => boolean,
): Promise<{ promoted: boolean; after: string | undefined }> {
  let after: string | undefined;
  const ok = await waitFor(
    async () => {
      after = await primary();
      return promoted(after);
    },
    PROMOTION_TIMEOUT_MS,
    200,
  );
  return { promoted: ok, after };
}
