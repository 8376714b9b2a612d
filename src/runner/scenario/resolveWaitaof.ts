import { RedcheckError } from '../../errors.js';
import type { Persistence, RedisFlavor } from '../../cluster/types.js';
import { WAITAOF_FLAVORS, type ModeName } from '../../client/mode.js';
import { flavorSpec } from '../../cluster/flavor.js';
import type { ScenarioInput } from './scenarioInput.js';

/**
 * The `waitaof` mode's settings: WAITAOF exists from Redis 7.2 (the 8.0 and valkey-8.1
 * images), its local count needs an AOF, its replica count at most the replicas there are.
 */
export function resolveWaitaof(
  input: ScenarioInput,
  s: { mode: ModeName; redis: RedisFlavor; persistence: Persistence; replicas: number },
): { waitaofLocal: number; waitaofReplicas: number } {
  const waitaofLocal = input.waitaofLocal ?? 1;
  const waitaofReplicas = input.waitaofReplicas ?? 0;
  if (s.mode !== 'waitaof') return { waitaofLocal, waitaofReplicas };
  if (!WAITAOF_FLAVORS.includes(s.redis)) {
    throw new RedcheckError(
      'E_SCENARIO',
      `mode waitaof with --redis ${s.redis}: Redis ${s.redis} has no WAITAOF (it came in Redis 7.2)`,
      `use --redis ${WAITAOF_FLAVORS.join(' or ')} (images ${WAITAOF_FLAVORS.map((f) => flavorSpec(f).image).join(', ')})`,
    );
  }
  if (waitaofLocal !== 0 && waitaofLocal !== 1) {
    throw new RedcheckError('E_SCENARIO', `waitaof-local ${waitaofLocal}`, 'use 0 or 1');
  }
  if (waitaofReplicas > s.replicas) {
    throw new RedcheckError(
      'E_SCENARIO',
      `waitaof-replicas ${waitaofReplicas} exceeds the ${s.replicas} replicas of this topology`,
      `use --waitaof-replicas 0..${s.replicas}`,
    );
  }
  if (waitaofLocal === 1 && !s.persistence.includes('aof')) {
    throw new RedcheckError(
      'E_SCENARIO',
      `waitaof-local 1 with persistence ${s.persistence} (no AOF to fsync)`,
      'use --persistence aof-no, aof-everysec, aof-always or rdb+aof, or --waitaof-local 0',
    );
  }
  return { waitaofLocal, waitaofReplicas };
}
