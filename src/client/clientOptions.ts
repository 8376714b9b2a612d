import { RedcheckError } from '../errors.js';
import { CLIENT_NAMES, type ClientName } from './channel.js';
import type { Credentials } from './credentials.js';
import type { RespConnectOptions } from './resp/respConnection.js';

/** How a worker's connections behave. Every field is optional; defaults below. */
export interface ClientOptions {
  /** Source address of the client's zone; undefined lets the OS choose. Default: undefined. */
  localAddress?: string;
  /** Per-command reply timeout; a write that times out is `info`. Default: 1000 ms. */
  commandTimeoutMs?: number;
  /** TCP connect timeout (a partitioned node drops SYNs). Default: 1000 ms. */
  connectTimeoutMs?: number;
  /** `CLIENT SETNAME` on connect, so nemesis and logs can see who is who. Default: none. */
  connectionName?: string;
  /**
   * Which client the worker connections use: `resp`, redcheck's own RESP client (several
   * times cheaper per command), or `ioredis`. Both send each command once and never retry.
   * Default: `resp`.
   */
  client?: ClientName;
  /**
   * How to authenticate to the data nodes (`AUTH` on connect), for a password-protected
   * deployment (`Deployment.auth`). Never sent to sentinels. Default: none.
   */
  auth?: Credentials;
}

export interface ResolvedClientOptions {
  localAddress: string | undefined;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  connectionName: string | undefined;
  client: ClientName;
  auth: Credentials | undefined;
}

export const DEFAULT_CLIENT: ClientName = 'resp';

export const DEFAULT_COMMAND_TIMEOUT_MS = 1000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 1000;

function positiveMs(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new RedcheckError(
      'E_CLIENT_OPTION',
      `client option ${name} must be a positive number of milliseconds, got ${String(value)}`,
      `pass ${name} > 0 or leave it out (default ${fallback})`,
    );
  }
  return value;
}

/** Fill every default once; throws RedcheckError on a bad value. */
export function resolveClientOptions(options: ClientOptions = {}): ResolvedClientOptions {
  return {
    localAddress: options.localAddress,
    commandTimeoutMs: positiveMs(
      'commandTimeoutMs',
      options.commandTimeoutMs,
      DEFAULT_COMMAND_TIMEOUT_MS,
    ),
    connectTimeoutMs: positiveMs(
      'connectTimeoutMs',
      options.connectTimeoutMs,
      DEFAULT_CONNECT_TIMEOUT_MS,
    ),
    connectionName: options.connectionName,
    client: clientName(options.client),
    auth: options.auth,
  };
}

/** What a RESP connection to a data node takes from resolved client options. */
export function respConnectOptions(o: ResolvedClientOptions): RespConnectOptions {
  return {
    connectTimeoutMs: o.connectTimeoutMs,
    ...(o.localAddress === undefined ? {} : { localAddress: o.localAddress }),
    ...(o.connectionName === undefined ? {} : { connectionName: o.connectionName }),
    ...(o.auth === undefined ? {} : { auth: o.auth }),
  };
}

/** A client name, checked (it may come from a scenario file). */
export function clientName(name: string | undefined): ClientName {
  if (name === undefined) return DEFAULT_CLIENT;
  const known = CLIENT_NAMES.find((c) => c === name);
  if (known === undefined) {
    throw new RedcheckError(
      'E_CLIENT_OPTION',
      `unknown client "${name}"; valid clients: ${CLIENT_NAMES.join(', ')}`,
      `pass --client with one of: ${CLIENT_NAMES.join(', ')}`,
    );
  }
  return known;
}
