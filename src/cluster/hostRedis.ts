import {
  RespConnection,
  type Credentials,
  type Endpoint,
  type RedisCommand,
  type Reply,
} from '../client/index.js';

/** A server as the host reaches it: a node's data server (with its credentials) or sentinel. */
export interface HostEndpoint extends Endpoint {
  /** `AUTH` on connect (a password-protected data server); none for sentinels. */
  readonly auth?: Credentials;
}

/** How long a host-side connect or batch may take on the run's own bridge. */
const HOST_TIMEOUT_MS = 2000;
/** Pause between two attempts while a node does not answer yet. */
const RETRY_MS = 20;

/**
 * Send `commands` to `to` from the host, over the run network, in one batch on a fresh
 * connection: no `docker exec`, so it costs a fraction of a millisecond instead of tens. Only
 * for when nothing cuts the host off the node (setup, or health with no fault active): a
 * partition may hide a node from the host where `DockerNode.cli` (loopback) still sees it.
 * Never rejects: a connect error becomes every command's error.
 */
export async function hostCommands(
  to: HostEndpoint,
  commands: readonly RedisCommand[],
  timeoutMs = HOST_TIMEOUT_MS,
): Promise<Reply[]> {
  let connection: RespConnection;
  try {
    connection = await RespConnection.connect(
      { host: to.host, port: to.port },
      { connectTimeoutMs: timeoutMs, ...(to.auth === undefined ? {} : { auth: to.auth }) },
    );
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    return commands.map(() => ({ error }));
  }
  try {
    return (await connection.send(commands, timeoutMs)).replies;
  } finally {
    connection.close();
  }
}

/** A reply as text: strings and numbers as they are, arrays one element a line, nil empty. */
export function replyText(reply: Reply | undefined): string {
  return valueText(reply?.value);
}

function valueText(v: unknown): string {
  if (Array.isArray(v)) return v.map(valueText).join('\n');
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

/**
 * Resolve once `to` answers PING (or LOADING), asking every 20 ms; false after
 * `timeoutMs`, or as soon as `gone()` says the process can no longer come (checked each
 * `goneEveryMs`).
 */
export async function waitAnswers(
  to: HostEndpoint,
  timeoutMs: number,
  gone: () => Promise<boolean> = () => Promise.resolve(false),
  goneEveryMs = 500,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let nextGoneCheck = Date.now() + goneEveryMs;
  for (;;) {
    const [reply] = await hostCommands(to, [['PING']], 1000);
    if (reply?.value === 'PONG' || reply?.error?.message.startsWith('LOADING')) return true;
    if (Date.now() >= deadline) return false;
    if (Date.now() >= nextGoneCheck) {
      if (await gone()) return false;
      nextGoneCheck = Date.now() + goneEveryMs;
    }
    await new Promise((r) => setTimeout(r, RETRY_MS));
  }
}
