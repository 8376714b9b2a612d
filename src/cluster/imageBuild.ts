import {
  copyFileSync,
  createReadStream,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import type Docker from 'dockerode';
import { RedcheckError } from '../errors.js';
import { flavorSpec, type FlavorSpec } from './flavor.js';
import {
  compileFsyncTools,
  DOCKER_DIR,
  FSYNC_SOURCES,
  FSYNC_TOOLS,
  FSYNC_TOOLS_ENV,
  requiredImageVersion,
} from './fsyncTools.js';
import { IMAGE_LABEL, IMAGE_SOURCE_LABEL, IMAGE_VERSION_LABEL } from './labels.js';
import { registryReachable } from './registryProbe.js';
import { CACHE_DIR, rootfsTarball } from './rootfsTarball.js';
import { runProgram } from './runProgram.js';
import type { RedisFlavor } from './types.js';

export interface ImageBuildOptions {
  /** Build from Debian packages without asking a registry; default: automatic. */
  offline?: boolean;
  /** Rebuild even when the image (and the cached root file system) exists. */
  force?: boolean;
  /** Progress lines (`[image] ...`); default silent. */
  log?: (line: string) => void;
}

export interface ImageBuildResult {
  image: string;
  /** False when the image already existed (a no-op). */
  built: boolean;
  source: 'existing' | 'offline' | 'dockerfile';
  ms: number;
}

export async function imageExists(docker: Docker, image: string): Promise<boolean> {
  return (await imageState(docker, image)) !== 'missing';
}

/**
 * `current` when the image carries the tools' version this code needs, `stale` when it was
 * built before (e.g. without the power-loss tools), `missing` when there is no such image.
 */
export async function imageState(
  docker: Docker,
  image: string,
): Promise<'current' | 'stale' | 'missing'> {
  let labels: Record<string, string> | undefined;
  try {
    labels = (await docker.getImage(image).inspect()).Config.Labels ?? undefined;
  } catch {
    return 'missing';
  }
  return labels?.[IMAGE_VERSION_LABEL] === requiredImageVersion() ? 'current' : 'stale';
}

/**
 * A copy of the cached root file system with the power-loss tools, compiled here, appended:
 * the cached tarball stays the same, so a change to the tools costs a compile and an import.
 */
async function tarballWithTools(base: string, spec: FlavorSpec, log: (l: string) => void) {
  const dir = `${CACHE_DIR}/build-tools-${spec.flavor}-${process.pid}-${Date.now()}`;
  mkdirSync(`${dir}/root`, { recursive: true });
  log(`[image] compiling the power-loss tools (docker/${FSYNC_SOURCES.join(', docker/')})`);
  await compileFsyncTools(`${dir}/root`);
  copyFileSync(base, `${dir}/rootfs.tar`);
  await runProgram('tar', [
    '-rf',
    `${dir}/rootfs.tar`,
    '-C',
    `${dir}/root`,
    '--numeric-owner',
    '--owner=0',
    '--group=0',
    `.${FSYNC_TOOLS.library.slice(0, FSYNC_TOOLS.library.lastIndexOf('/'))}`,
    `.${FSYNC_TOOLS.powerCut}`,
    `.${FSYNC_TOOLS.recordDir.slice(0, FSYNC_TOOLS.recordDir.lastIndexOf('/'))}`,
  ]);
  return { tar: `${dir}/rootfs.tar`, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Read a JSON progress stream to its end; rejects on an `error` message. */
export function followBuild(
  docker: Docker,
  stream: NodeJS.ReadableStream,
  log: (l: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, out: { error?: string }[]) => {
        const failed = err?.message ?? out.find((m) => m.error)?.error;
        if (failed) reject(new Error(failed));
        else resolve();
      },
      (ev: { stream?: string; status?: string }) => {
        const line = (ev.stream ?? ev.status ?? '').trim();
        if (line.startsWith('Step ')) log(`[image]   ${line}`);
      },
    );
  });
}

async function importOffline(
  docker: Docker,
  spec: FlavorSpec,
  o: ImageBuildOptions,
): Promise<void> {
  const log = o.log ?? (() => undefined);
  const base = await rootfsTarball(spec, { log, force: o.force });
  const withTools = await tarballWithTools(base, spec, log);
  try {
    const [repo, tag] = spec.image.split(':');
    log(`[image] docker import ${base} (+ power-loss tools) as ${spec.image}`);
    const stream = await docker.importImage(createReadStream(withTools.tar), {
      repo,
      tag,
      changes: [
        `LABEL ${IMAGE_LABEL}=${spec.flavor}`,
        `LABEL ${IMAGE_SOURCE_LABEL}=offline`,
        `LABEL ${IMAGE_VERSION_LABEL}=${requiredImageVersion()}`,
        'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        ...FSYNC_TOOLS_ENV.map((e) => `ENV ${e}`),
        'CMD ["sleep", "infinity"]',
      ],
    });
    await followBuild(docker, stream, log);
  } finally {
    withTools.done();
  }
}

async function buildDockerfile(
  docker: Docker,
  spec: FlavorSpec,
  o: ImageBuildOptions,
): Promise<void> {
  const log = o.log ?? (() => undefined);
  log(`[image] docker build ${DOCKER_DIR} FROM ${spec.officialBase}`);
  const stream = await docker.buildImage(
    { context: DOCKER_DIR, src: ['Dockerfile', ...FSYNC_SOURCES] },
    {
      t: spec.image,
      buildargs: { BASE: spec.officialBase },
      labels: {
        [IMAGE_LABEL]: spec.flavor,
        [IMAGE_SOURCE_LABEL]: 'dockerfile',
        [IMAGE_VERSION_LABEL]: requiredImageVersion(),
      },
    },
  );
  await followBuild(docker, stream, log);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Hold a per-flavour lock (a file holding our pid) so concurrent builds of one image do not
 * race; a lock whose process is dead (a killed build) is taken over.
 */
async function withLock<T>(
  spec: FlavorSpec,
  log: (l: string) => void,
  fn: () => Promise<T>,
): Promise<T> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const lock = `${CACHE_DIR}/${spec.flavor}.lock`;
  const deadline = Date.now() + 15 * 60_000;
  let told = false;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      const holder = Number(readFileSync(lock, 'utf8').trim() || 'NaN');
      if (!Number.isInteger(holder) || !pidAlive(holder)) {
        rmSync(lock, { force: true });
        continue;
      }
      if (!told) log(`[image] waiting for the build of ${spec.image} by pid ${holder}`);
      told = true;
      if (Date.now() > deadline) {
        throw new RedcheckError(
          'E_IMAGE_BUILD',
          `lock ${lock} held by pid ${holder} for 15 min`,
          `stop pid ${holder} or remove ${lock}`,
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

/**
 * Build the image of `flavor` (a no-op when it exists and is current, unless `force`): from
 * `docker/Dockerfile` when a registry answers, else (or with `offline`) by debootstrap +
 * `docker import`. A stale image (built before the current power-loss tools) is rebuilt.
 */
export async function buildImage(
  docker: Docker,
  flavor: RedisFlavor,
  o: ImageBuildOptions = {},
): Promise<ImageBuildResult> {
  const spec = flavorSpec(flavor);
  const t0 = Date.now();
  const log = o.log ?? (() => undefined);
  const state = await imageState(docker, spec.image);
  if (!o.force && state === 'current') {
    log(`[image] ${spec.image} exists`);
    return { image: spec.image, built: false, source: 'existing', ms: Date.now() - t0 };
  }
  if (state === 'stale') {
    log(`[image] ${spec.image} predates version ${requiredImageVersion()}: rebuilding it`);
  }
  return withLock(spec, log, async () => {
    // Another process may have built it while we waited for the lock.
    if (!o.force && (await imageState(docker, spec.image)) === 'current') {
      log(`[image] ${spec.image} exists`);
      return { image: spec.image, built: false, source: 'existing' as const, ms: Date.now() - t0 };
    }
    let offline = o.offline ?? false;
    if (!offline) {
      offline = !(await registryReachable());
      if (offline) log('[image] no image registry answers: building offline from Debian packages');
    }
    if (offline) await importOffline(docker, spec, o);
    else await buildDockerfile(docker, spec, o);
    const ms = Date.now() - t0;
    log(`[image] built ${spec.image} in ${(ms / 1000).toFixed(1)} s`);
    return {
      image: spec.image,
      built: true,
      source: offline ? ('offline' as const) : ('dockerfile' as const),
      ms,
    };
  });
}

/**
 * Make sure the flavour's image exists and is current: build (or rebuild) it when `build`
 * (default), else throw `E_IMAGE_MISSING` or `E_IMAGE_STALE` with the command that builds it.
 */
export async function ensureImage(
  docker: Docker,
  flavor: RedisFlavor,
  o: ImageBuildOptions & { build?: boolean } = {},
): Promise<void> {
  const spec = flavorSpec(flavor);
  const state = await imageState(docker, spec.image);
  if (state === 'current') return;
  if (state === 'stale' && o.build === false) {
    throw new RedcheckError(
      'E_IMAGE_STALE',
      `image ${spec.image} was built before version ${requiredImageVersion()} (it lacks the power-loss tools)`,
      `rebuild it: \`redcheck image build --redis ${flavor}\``,
    );
  }
  if (o.build === false) {
    throw new RedcheckError(
      'E_IMAGE_MISSING',
      `image ${spec.image} is missing`,
      `run \`redcheck image build --redis ${flavor}\``,
    );
  }
  await buildImage(docker, flavor, o);
}
