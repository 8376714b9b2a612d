import { createConnection, type Socket } from 'node:net';
import { dialTarget } from '../common/dialRoutes.js';
import { AbstractConnector } from 'ioredis';
import type { Endpoint } from './endpoint.js';

/** What ioredis's `Connector` option accepts: a class it instantiates with its options. */
export type ConnectorClass = new (options: unknown) => AbstractConnector;

export interface BoundConnectorOptions {
  /** Where to connect. */
  readonly endpoint: Endpoint;
  /** Source address to bind (a client zone); the OS picks one when undefined. */
  readonly localAddress?: string;
  /** How long `disconnect()` waits for the socket to end before destroying it. */
  readonly disconnectTimeoutMs: number;
}

/**
 * An ioredis connector that dials `endpoint` from `localAddress`. ioredis's own
 * StandaloneConnector passes only host, port and family to `net.createConnection`, so the
 * `localAddress` option is silently ignored there and the client would not sit in its zone.
 */
export function boundConnector(options: BoundConnectorOptions): ConnectorClass {
  const { endpoint, localAddress, disconnectTimeoutMs } = options;
  return class BoundConnector extends AbstractConnector {
    constructor(_ioredisOptions: unknown) {
      super(disconnectTimeoutMs);
    }

    connect(): Promise<Socket> {
      this.connecting = true;
      // Like StandaloneConnector: dial on the next tick so a disconnect() issued right after
      // connect() wins, and report the socket's first error through `firstError`.
      return new Promise((resolve, reject) => {
        process.nextTick(() => {
          if (!this.connecting) {
            reject(new Error('Connection is closed.'));
            return;
          }
          let socket: Socket;
          try {
            const to = dialTarget({ host: endpoint.host, port: endpoint.port, localAddress });
            socket = createConnection({
              host: to.host,
              port: to.port,
              ...(to.localAddress === undefined ? {} : { localAddress: to.localAddress }),
            });
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
            return;
          }
          this.stream = socket;
          socket.once('error', (err) => {
            this.firstError = err;
          });
          resolve(socket);
        });
      });
    }
  };
}
