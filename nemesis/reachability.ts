import { connect } from 'node:net';
import { dialTarget } from '../src/common/dialRoutes.js';
import type { Node } from '../src/cluster/types.js';

/**
 * Whether a TCP connect gets through: `open` (connected), `refused` (the peer answered with a
 * reset: the network path works, nothing listens), `dropped` (no answer before the timeout: cut)
 * or `error` (anything else, e.g. a source address that is not configured).
 */
export type Reach = 'open' | 'refused' | 'dropped' | 'error';

/** The network path works (whether or not a process listens). */
export const passes = (r: Reach): boolean => r === 'open' || r === 'refused';

/** Long enough for a connect on a local bridge under load; a cut path waits it out. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 1000;

/** TCP connect from inside `from`'s network namespace to `ip:port` (bash /dev/tcp under `timeout`). */
export async function reachFromNode(
  from: Node,
  ip: string,
  port: number,
  timeoutMs = DEFAULT_CONNECT_TIMEOUT_MS,
): Promise<Reach> {
  const seconds = (timeoutMs / 1000).toFixed(1);
  const r = await from.exec(['timeout', seconds, 'bash', '-c', `exec 3<>/dev/tcp/${ip}/${port}`]);
  if (r.exitCode === 0) return 'open';
  if (r.exitCode === 124) return 'dropped';
  if (/refused/i.test(r.stderr)) return 'refused';
  return 'error';
}

/** TCP connect from the host, bound to a client zone's source address. */
export function reachFromZone(
  zoneIp: string,
  ip: string,
  port: number,
  timeoutMs = DEFAULT_CONNECT_TIMEOUT_MS,
): Promise<Reach> {
  return new Promise((resolve) => {
    // Through the zone's relay when the nodes sit on an overlay (`run --engines`).
    const to = dialTarget({ host: ip, port, localAddress: zoneIp });
    const socket = connect({
      host: to.host,
      port: to.port,
      ...(to.localAddress === undefined ? {} : { localAddress: to.localAddress }),
    });
    const done = (r: Reach): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => done('dropped'), timeoutMs);
    socket.once('connect', () => done('open'));
    socket.once('error', (e: NodeJS.ErrnoException) =>
      done(e.code === 'ECONNREFUSED' ? 'refused' : e.code === 'ETIMEDOUT' ? 'dropped' : 'error'),
    );
  });
}
