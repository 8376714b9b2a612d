import { ONE_NODE_FAULT, type FaultKind } from './faultKind.js';
import type { Nemesis } from './nemesis.js';
import { signalNemesis } from './signalFault.js';

/** SIGSTOP the redis-server of one node (a long GC pause or a hung VM); `stop` SIGCONTs it. */
export function pauseNemesis(): Nemesis {
  return signalNemesis(
    {
      kind: 'pause',
      signal: 'STOP',
      state: 'stopped',
      done: 'redis-server paused',
      notDone: 'redis-server not in state T after SIGSTOP',
    },
    'CONT',
  );
}

/** SIGSTOP of a node's redis-server (a long GC pause, a hung VM), SIGCONT at the stop. */
export const pauseFault: FaultKind = {
  ...ONE_NODE_FAULT,
  name: 'pause',
  help: "SIGSTOP a node's redis-server (a hung process), SIGCONT it at the stop",
  ops: { start: 'pause', stop: 'resume' },
  create: pauseNemesis,
};
