import Docker from 'dockerode';
import { errorMessage, RedcheckError } from '../errors.js';

export interface DockerClientOptions {
  /** Socket path of the engine; default `DOCKER_HOST` (unix://) or `/var/run/docker.sock`. */
  socketPath?: string;
  /** How long to wait for the engine to answer `/_ping`; default 3000 ms. */
  timeoutMs?: number;
}

const FIX =
  'install Docker (`apt-get install docker.io`) and start the engine (`dockerd &` or ' +
  '`systemctl start docker`), or run `scripts/setup.sh`; then check with `redcheck doctor`';

function defaultSocket(): string {
  const host = process.env.DOCKER_HOST;
  if (host?.startsWith('unix://')) return host.slice('unix://'.length);
  return '/var/run/docker.sock';
}

/**
 * A dockerode client whose engine has answered a ping. Throws RedcheckError
 * `E_DOCKER_UNREACHABLE` (with the fix) when the engine does not answer in time.
 */
export async function connectDocker(options: DockerClientOptions = {}): Promise<Docker> {
  const socketPath = options.socketPath ?? defaultSocket();
  const timeoutMs = options.timeoutMs ?? 3000;
  const docker = new Docker({ socketPath });
  try {
    await pingWithin(docker, timeoutMs);
  } catch (e) {
    throw new RedcheckError(
      'E_DOCKER_UNREACHABLE',
      `Docker engine at ${socketPath} is unreachable: ${errorMessage(e)}`,
      FIX,
    );
  }
  return docker;
}

/** Resolve once the engine answers `/_ping`; reject when it fails or says nothing in `timeoutMs`. */
export async function pingWithin(docker: Docker, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer after ${timeoutMs}ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
