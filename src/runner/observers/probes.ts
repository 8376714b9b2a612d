/**
 * Probes: one-off experiments a claim needs, run against the primary while the workload runs.
 * - C3: a MULTI whose middle command fails at run time (INCR on a non-integer): Redis applies
 *   the other commands (no rollback).
 * - C4: a Lua script that runs for seconds: meanwhile another connection's PINGs are blocked,
 *   then answered BUSY once the script is past `busy-reply-threshold`.
 */
import { RespConnection } from '../../client/resp/respConnection.js';
import type { Credentials } from '../../client/credentials.js';
import type { Endpoint } from '../../client/endpoint.js';
import type { LongScriptProbe, MultiProbe } from '../../store/results.js';

const CONNECT_MS = 1000;

function text(reply: { error?: Error; value?: unknown } | undefined): string {
  if (!reply) return 'no reply';
  if (reply.error) return `error: ${reply.error.message}`;
  return typeof reply.value === 'string' ? reply.value : JSON.stringify(reply.value);
}

/** C3: MULTI; SET a; INCR s (s holds text); SET b; EXEC; then read a and b back. */
export async function multiFailingCommandProbe(
  at: Endpoint,
  node: string,
  auth?: Credentials,
): Promise<MultiProbe> {
  const c = await RespConnection.connect(at, {
    connectTimeoutMs: CONNECT_MS,
    connectionName: 'redcheck-probe',
    ...(auth === undefined ? {} : { auth }),
  });
  try {
    const tag = `{redcheck-probe}`;
    await c.send(
      [
        ['DEL', `${tag}:a`, `${tag}:b`],
        ['SET', `${tag}:s`, 'not-a-number'],
      ],
      2000,
    );
    const r = await c.send(
      [
        ['MULTI'],
        ['SET', `${tag}:a`, '1'],
        ['INCR', `${tag}:s`],
        ['SET', `${tag}:b`, '1'],
        ['EXEC'],
      ],
      2000,
    );
    const exec = r.replies[4];
    const replies = Array.isArray(exec?.value)
      ? (exec.value as unknown[]).map((v) =>
          v instanceof Error ? `error: ${v.message}` : String(v),
        )
      : [text(exec)];
    const after = await c.send(
      [
        ['GET', `${tag}:a`],
        ['GET', `${tag}:b`],
      ],
      2000,
    );
    const a = after.replies[0]?.value === '1';
    const b = after.replies[1]?.value === '1';
    await c.send([['DEL', `${tag}:a`, `${tag}:b`, `${tag}:s`]], 2000);
    return {
      node,
      execReplies: replies,
      failedCommands: replies.filter((x) => x.startsWith('error')).length,
      othersApplied: a && b,
    };
  } finally {
    c.close();
  }
}

const BUSY_SCRIPT = `local function ms() local t = redis.call('TIME') return t[1] * 1000 + t[2] / 1000 end
local start = ms()
while ms() - start < tonumber(ARGV[1]) do end
return 1`;

/** C4: run a script for `durationMs` while another connection PINGs; count BUSY and the longest wait. */
export async function longScriptProbe(
  at: Endpoint,
  node: string,
  durationMs: number,
  auth?: Credentials,
): Promise<LongScriptProbe> {
  const withAuth = auth === undefined ? {} : { auth };
  const script = await RespConnection.connect(at, {
    connectTimeoutMs: CONNECT_MS,
    connectionName: 'redcheck-probe-script',
    ...withAuth,
  });
  const pinger = await RespConnection.connect(at, {
    connectTimeoutMs: CONNECT_MS,
    connectionName: 'redcheck-probe-ping',
    ...withAuth,
  });
  try {
    let done = false;
    const t0 = performance.now();
    const running = script
      .send([['EVAL', BUSY_SCRIPT, 0, durationMs]], durationMs + 10_000)
      .then((r) => {
        done = true;
        return { reply: text(r.replies[0]), ms: performance.now() - t0 };
      });
    let pings = 0;
    let busy = 0;
    let maxPingMs = 0;
    // Let the script start before the first PING.
    await new Promise((resolve) => setTimeout(resolve, 50));
    while (!done) {
      const p0 = performance.now();
      const r = await pinger.send([['PING']], durationMs + 5000);
      maxPingMs = Math.max(maxPingMs, performance.now() - p0);
      pings++;
      if (r.replies[0]?.error?.message.startsWith('BUSY')) {
        busy++;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    const { reply, ms } = await running;
    return {
      node,
      durationMs,
      scriptMs: Math.round(ms),
      scriptReply: reply,
      pings,
      busyReplies: busy,
      maxPingMs: Math.round(maxPingMs),
    };
  } finally {
    script.close();
    pinger.close();
  }
}
