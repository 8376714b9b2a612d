import Docker from 'dockerode';
import { errorMessage, RedcheckError } from '../../errors.js';
import { pingWithin } from '../dockerClient.js';

/**
 * One Docker engine of `--engines`: `local` (this machine's engine, its socket),
 * `unix:///path/docker.sock`, `tcp://host:port` (plain HTTP: only on a network no one else
 * reaches) or `ssh://user@host[:port]` (dockerode's own SSH transport, which runs
 * `docker system dial-stdio` on the far side, authenticated by the SSH agent).
 */
export interface EngineRef {
  /** As the user wrote it; every message names the engine by it. */
  readonly name: string;
  readonly kind: 'local' | 'unix' | 'tcp' | 'ssh';
  /** What dockerode is constructed with. */
  readonly options: Docker.DockerOptions;
}

const FORMS = 'local, unix:///path/to/docker.sock, tcp://host:port or ssh://user@host[:port]';

function bad(entry: string, why: string): RedcheckError {
  return new RedcheckError(
    'E_ENGINES',
    `--engines: ${JSON.stringify(entry)} ${why}`,
    `give a comma-separated list of engines, each one of: ${FORMS}`,
  );
}

/** Parse one entry of `--engines`. */
export function parseEngine(entry: string): EngineRef {
  const name = entry.trim();
  if (name === 'local') {
    const host = process.env.DOCKER_HOST;
    const socketPath = host?.startsWith('unix://')
      ? host.slice('unix://'.length)
      : '/var/run/docker.sock';
    return { name, kind: 'local', options: { socketPath } };
  }
  let url: URL;
  try {
    url = new URL(name);
  } catch {
    throw bad(name, 'is not an engine address');
  }
  if (url.protocol === 'unix:') {
    if (!url.pathname || url.pathname === '/') throw bad(name, 'names no socket path');
    return { name, kind: 'unix', options: { socketPath: url.pathname } };
  }
  if (url.protocol !== 'tcp:' && url.protocol !== 'ssh:') {
    throw bad(name, `has the scheme ${url.protocol.replace(/:$/, '')}, which is not supported`);
  }
  if (!url.hostname) throw bad(name, 'names no host');
  if (url.pathname !== '' && url.pathname !== '/') throw bad(name, 'has a path after the host');
  if (url.protocol === 'tcp:') {
    if (!url.port) throw bad(name, 'names no port (the engine listens on e.g. 2375)');
    return {
      name,
      kind: 'tcp',
      options: { protocol: 'http', host: url.hostname, port: Number(url.port) },
    };
  }
  if (!url.username) throw bad(name, 'names no user (ssh://user@host)');
  return {
    name,
    kind: 'ssh',
    options: {
      protocol: 'ssh',
      host: url.hostname,
      port: url.port ? Number(url.port) : 22,
      username: decodeURIComponent(url.username),
      sshOptions: { agent: process.env.SSH_AUTH_SOCK },
    },
  };
}

/** Parse `--engines a,b,c`: at least one engine, none twice. */
export function parseEngines(list: string): EngineRef[] {
  const entries = list
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.length === 0) throw bad(list, 'names no engine');
  const refs = entries.map(parseEngine);
  const seen = new Set<string>();
  for (const r of refs) {
    const key = JSON.stringify(r.options);
    if (seen.has(key)) throw bad(r.name, 'is listed twice');
    seen.add(key);
  }
  return refs;
}

/** A connected engine: its client, and the time its `/_ping` took. */
export interface Engine {
  readonly ref: EngineRef;
  readonly docker: Docker;
  /** Milliseconds the first `/_ping` took from this process (the API's round trip). */
  readonly pingMs: number;
}

/**
 * A client of `ref` whose engine answered `/_ping` within `timeoutMs`; `E_ENGINE_UNREACHABLE`
 * naming the engine and the fix otherwise.
 */
export async function connectEngine(ref: EngineRef, timeoutMs = 5000): Promise<Engine> {
  const docker = new Docker({ ...ref.options, timeout: timeoutMs });
  const t0 = process.hrtime.bigint();
  try {
    await pingWithin(docker, timeoutMs);
  } catch (e) {
    const how =
      ref.kind === 'ssh'
        ? 'check `ssh` to it works with the agent in SSH_AUTH_SOCK and `docker` runs there'
        : ref.kind === 'tcp'
          ? 'start its dockerd with `-H tcp://0.0.0.0:<port>` on a network only your machines reach, and check the address'
          : 'start its dockerd and check the socket path';
    throw new RedcheckError(
      'E_ENGINE_UNREACHABLE',
      `engine ${ref.name} does not answer: ${errorMessage(e)}`,
      how,
    );
  }
  const pingMs = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ref, docker: new Docker(ref.options), pingMs };
}
