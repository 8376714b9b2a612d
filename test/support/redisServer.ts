import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** Test helper: real redis-server processes on loopback, each in a temp dir. */

export const REDIS_SERVER = '/usr/bin/redis-server';

export interface RedisServerOptions {
  /** Loopback address to bind. Default 127.0.0.1. */
  host?: string;
  /** Extra config lines, e.g. `['min-replicas-to-write 1']`. */
  config?: string[];
  /** Run as a sentinel (the config must then contain `sentinel monitor ...`). */
  sentinel?: boolean;
  /** Reuse this port (restart after a kill). Default: a free one. */
  port?: number;
  /** Reuse this directory (restart after a kill). Default: a new temp dir. */
  dir?: string;
}

export interface RedisServer extends AsyncDisposable {
  readonly host: string;
  readonly port: number;
  readonly dir: string;
  readonly pid: number;
  /** Send a signal to the process; resolves when it has exited (for KILL/TERM). */
  kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  signal(signal: 'SIGSTOP' | 'SIGCONT'): void;
  /** A plain admin connection (not the harness's client) for setup and checks. */
  admin(): Redis;
  /** The server's log, for failure messages. */
  log(): Promise<string>;
  stop(): Promise<void>;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('no port'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

async function pingOnce(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    let data = '';
    const done = (result: boolean): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      data += chunk.toString();
      if (data.includes('\r\n')) done(data.startsWith('+PONG'));
    });
  });
}

async function waitForPing(host: string, port: number, child: ChildProcess, dir: string) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (await pingOnce(host, port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  const log = await readFile(join(dir, 'redis.log'), 'utf8').catch(() => '');
  throw new Error(`redis-server on ${host}:${port} did not answer PING within 10 s\n${log}`);
}

export async function startRedis(options: RedisServerOptions = {}): Promise<RedisServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'redcheck-redis-')));
  const lines = [
    `bind ${host}`,
    `port ${port}`,
    `dir ${dir}`,
    `logfile ${join(dir, 'redis.log')}`,
    'daemonize no',
    'protected-mode no',
    ...(options.sentinel
      ? []
      : ['save ""', 'appendonly no', 'enable-debug-command yes', 'repl-diskless-sync-delay 0']),
    ...(options.config ?? []),
  ];
  const confPath = join(dir, options.sentinel ? 'sentinel.conf' : 'redis.conf');
  if (!(options.sentinel && options.dir !== undefined)) {
    await writeFile(confPath, lines.join('\n') + '\n');
  }
  const args = options.sentinel ? [confPath, '--sentinel'] : [confPath];
  const child = spawn(REDIS_SERVER, args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPing(host, port, child, dir);
  const admins: Redis[] = [];
  const pid = child.pid ?? -1;
  const server: RedisServer = {
    host,
    port,
    dir,
    pid,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    signal(signal) {
      child.kill(signal);
    },
    admin() {
      const redis = new Redis({ host, port, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      redis.on('error', () => undefined);
      admins.push(redis);
      return redis;
    },
    log: () => readFile(join(dir, 'redis.log'), 'utf8').catch(() => ''),
    async stop() {
      for (const a of admins) a.disconnect();
      if (child.signalCode === 'SIGSTOP') child.kill('SIGCONT');
      await server.kill('SIGKILL');
      if (options.dir === undefined) await rm(dir, { recursive: true, force: true });
    },
    [Symbol.asyncDispose]: () => server.stop(),
  };
  return server;
}

/** Poll `check` until it returns true (bounded); throws with `what` when it never does. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not ${what} after ${timeoutMs} ms`);
}

/**
 * Skip (locally) or fail (in CI) when redis-server is not installed. Call in `before`.
 */
export function requireRedisServer(context: Mocha.Context): void {
  if (existsSync(REDIS_SERVER)) return;
  if (process.env.CI === 'true') {
    throw new Error(`${REDIS_SERVER} is missing; scripts/setup.sh installs redis-server`);
  }
  context.skip();
}

/**
 * Make the server sleep (`DEBUG SLEEP`) and resolve once it is asleep: a fresh PING gets no
 * answer within 100 ms. `awake` settles when the sleep ends.
 */
export async function putToSleep(
  server: RedisServer,
  seconds: number,
): Promise<{ awake: Promise<unknown> }> {
  const sleeper = server.admin();
  const sleeping = sleeper.call('DEBUG', 'SLEEP', String(seconds)).catch((e: unknown) => e);
  for (;;) {
    const probe = new Redis({
      host: server.host,
      port: server.port,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
      commandTimeout: 100,
    });
    probe.on('error', () => undefined);
    const answered = await probe.call('PING').then(
      () => true,
      () => false,
    );
    probe.disconnect();
    if (!answered) return { awake: sleeping };
  }
}
