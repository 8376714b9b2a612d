import { createConnection, type Socket } from 'node:net';
import { dialTarget } from '../../common/dialRoutes.js';
import type { Endpoint } from '../endpoint.js';

/** The error of a connect that got no answer in time, shaped like Node's connect errors. */
export function connectTimeout(node: string): Error {
  return Object.assign(new Error(`connect ETIMEDOUT ${node}`), {
    code: 'ETIMEDOUT',
    syscall: 'connect',
  });
}

/**
 * A TCP socket to `endpoint` (through its dial route) from `localAddress`, reading into
 * `buffer` and handing each read's length to `onRead` (`onread`: no buffer per read). Resolves
 * once connected (no error listener left on it); rejects with the socket's error
 * (ECONNREFUSED, ...) or an `ETIMEDOUT` connect error after `connectTimeoutMs`.
 */
export function openSocket(
  endpoint: Endpoint,
  localAddress: string | undefined,
  connectTimeoutMs: number,
  buffer: Buffer,
  onRead: (length: number) => void,
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const to = dialTarget({ host: endpoint.host, port: endpoint.port, localAddress });
    const socket = createConnection({
      host: to.host,
      port: to.port,
      noDelay: true,
      onread: {
        buffer,
        callback: (length: number) => {
          onRead(length);
          return true;
        },
      },
      ...(to.localAddress === undefined ? {} : { localAddress: to.localAddress }),
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(connectTimeout(`${endpoint.host}:${endpoint.port}`));
    }, connectTimeoutMs);
    socket.once('error', (err) => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}
