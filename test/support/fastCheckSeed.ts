/**
 * Mocha root setup: every fast-check property runs from one seed, so `npm test` (and CI) is
 * repeatable and a red run is red again on the same commit. `FC_SEED=<n>` runs another seed,
 * `FC_SEED=random` a fresh one per run (for a soak); a failing property prints its seed and
 * path, and a test may still pass its own `seed` to pin a case it found.
 */
import fc from 'fast-check';

const DEFAULT_SEED = 20_261_127;

function seedFrom(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_SEED;
  if (text === 'random') return (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
  const n = Number(text);
  if (!Number.isInteger(n)) throw new Error(`FC_SEED must be an integer or "random", got ${text}`);
  return n;
}

const seed = seedFrom(process.env.FC_SEED);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
if (process.env.FC_SEED !== undefined) console.log(`fast-check seed ${seed} (FC_SEED)`);

export const mochaHooks = {};
