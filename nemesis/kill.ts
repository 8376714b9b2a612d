import { ONE_NODE_FAULT, type FaultKind } from './faultKind.js';
import type { Nemesis } from './nemesis.js';
import { signalNemesis } from './signalFault.js';

/**
 * SIGKILL the redis-server of one node (a crash: no shutdown, no final fsync); `stop` starts
 * it again on the same data directory.
 */
export function killNemesis(): Nemesis {
  return signalNemesis(
    {
      kind: 'kill',
      signal: 'KILL',
      state: 'down',
      done: 'redis-server killed',
      notDone: 'redis-server still present after SIGKILL',
    },
    'start',
  );
}

/** SIGKILL of a node's redis-server, restarted on the same data when the fault ends. */
export const killFault: FaultKind = {
  ...ONE_NODE_FAULT,
  name: 'kill',
  help: "SIGKILL a node's redis-server (a crash), restart it on the same data at the stop",
  ops: { start: 'kill', stop: 'start' },
  create: killNemesis,
};
