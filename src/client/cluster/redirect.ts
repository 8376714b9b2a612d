import type { Reply } from '../channel.js';
import { replyCode } from '../classifyError.js';
import type { Endpoint } from '../endpoint.js';
import type { RedisCommand } from '../redisCommand.js';

/** A `MOVED`/`ASK` error reply, parsed. */
export interface RedirectReply {
  readonly kind: 'MOVED' | 'ASK';
  readonly slot: number;
  readonly to: Endpoint;
}

/**
 * Parse `MOVED 3999 10.0.0.3:6379` / `ASK ...`. An empty host (`MOVED 3999 :6379`, Redis 7
 * with an unknown endpoint) means the host the reply came from.
 */
export function parseRedirect(err: Error, fromHost: string): RedirectReply | undefined {
  const code = replyCode(err);
  if (code !== 'MOVED' && code !== 'ASK') return undefined;
  const [, slot, addr] = err.message.split(' ');
  if (slot === undefined || addr === undefined) return undefined;
  const i = addr.lastIndexOf(':');
  const host = addr.slice(0, i) || fromHost;
  const port = Number(addr.slice(i + 1));
  if (!Number.isInteger(port) || !Number.isInteger(Number(slot))) return undefined;
  return { kind: code, slot: Number(slot), to: { host, port } };
}

/** Commands that change no data: a batch may hold them and still be safe to send elsewhere. */
const NO_EFFECT = new Set(['MULTI', 'WAIT', 'WAITAOF', 'ASKING', 'WATCH', 'UNWATCH', 'READONLY']);

/** Error codes that say a command did not run (the EXEC of a transaction a MOVED aborted). */
const DID_NOT_RUN = new Set(['MOVED', 'ASK', 'EXECABORT']);

/**
 * The redirection a batch's replies ask for, when following it cannot run anything twice:
 * every command that could change data got `MOVED`, `ASK` or `EXECABORT`, and every
 * redirection names the same kind and node. Anything else (a command that ran beside one
 * that was redirected, two different targets) is not followed: the replies stand as they are,
 * and the redirections among them are errors (`fail`) like any other.
 */
export function batchRedirect(
  commands: readonly RedisCommand[],
  replies: readonly Reply[],
  fromHost: string,
): RedirectReply | undefined {
  let found: RedirectReply | undefined;
  for (const [i, command] of commands.entries()) {
    const reply = replies[i];
    const error = reply?.error;
    if (error === undefined) {
      if (NO_EFFECT.has(command[0].toUpperCase())) continue;
      return undefined;
    }
    const code = replyCode(error);
    if (code === undefined || !DID_NOT_RUN.has(code)) {
      if (NO_EFFECT.has(command[0].toUpperCase())) continue;
      return undefined;
    }
    const r = parseRedirect(error, fromHost);
    if (r === undefined) continue;
    if (
      found !== undefined &&
      (found.kind !== r.kind || found.to.host !== r.to.host || found.to.port !== r.to.port)
    ) {
      return undefined;
    }
    found = r;
  }
  return found;
}

/**
 * The batch to send after an `ASK`: `ASKING` before each command outside a MULTI block (the
 * flag lasts one command, or a whole transaction when given before MULTI), with the positions
 * of the added `ASKING`s so their replies can be taken out again.
 */
export function withAsking(commands: readonly RedisCommand[]): {
  batch: RedisCommand[];
  asking: Set<number>;
} {
  const batch: RedisCommand[] = [];
  const asking = new Set<number>();
  let inMulti = false;
  for (const c of commands) {
    const name = c[0].toUpperCase();
    if (!inMulti) {
      asking.add(batch.length);
      batch.push(['ASKING']);
    }
    batch.push(c);
    if (name === 'MULTI') inMulti = true;
    else if (name === 'EXEC' || name === 'DISCARD') inMulti = false;
  }
  return { batch, asking };
}
