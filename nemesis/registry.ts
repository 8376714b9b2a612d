import { failoverNemesis } from './failover.js';
import type { FaultKind } from './fault-kinds.js';
import { killNemesis } from './kill.js';
import type { Nemesis } from './nemesis.js';
import { partitionNemesis } from './partition.js';
import { pauseNemesis } from './pause.js';

/** Fault kind -> the nemesis that injects it. */
export type NemesisRegistry = Readonly<Record<FaultKind, () => Nemesis>>;

export const NEMESIS_REGISTRY: NemesisRegistry = {
  partition: partitionNemesis,
  kill: killNemesis,
  pause: pauseNemesis,
  failover: failoverNemesis,
};
