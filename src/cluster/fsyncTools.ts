import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorMessage, RedcheckError } from '../errors.js';
import { runProgram } from './runProgram.js';

/**
 * The power-loss tools every node image carries, built from C sources in `docker/`:
 * `fsync-tracker.so` (preloaded into every process of the node through `LD_PRELOAD`) records
 * the size of each file at each successful fsync/fdatasync; `redcheck-power-cut` cuts files
 * back to those sizes. See `docker/README.md` for what this models and what it does not.
 */
export const FSYNC_TOOLS = {
  /** The preload library, inside the node. */
  library: '/usr/local/lib/redcheck/fsync-tracker.so',
  /** The cutter, inside the node. */
  powerCut: '/usr/local/bin/redcheck-power-cut',
  /** Where the library keeps its records (`REDCHECK_FSYNC_DIR`), outside the data directory. */
  recordDir: '/var/lib/redcheck/fsync',
} as const;

/** The image's environment that turns the tracker on in every process of the node. */
export const FSYNC_TOOLS_ENV: readonly string[] = [
  `LD_PRELOAD=${FSYNC_TOOLS.library}`,
  `REDCHECK_FSYNC_DIR=${FSYNC_TOOLS.recordDir}`,
];

/** `docker/` at the project's root: two folders up from the sources, three from `dist/`. */
export const DOCKER_DIR = ((): string => {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '../../docker'), join(here, '../../../docker')];
  return (
    candidates.find((d) => existsSync(join(d, 'fsync-tracker.c'))) ?? (candidates[0] as string)
  );
})();

/** The C sources, in `docker/`. */
export const FSYNC_SOURCES: readonly string[] = [
  'fsync-record.h',
  'fsync-tracker.c',
  'power-cut.c',
];

/**
 * Bumped by hand when what an image must contain changes in a way the sources do not show
 * (a new package, a new environment variable). 2: the power-loss tools.
 */
const IMAGE_GENERATION = 2;

/**
 * The version an image must carry (label `redcheck.image.version`) to be current: the
 * generation plus a hash of the tools' sources, so an image built before a change to them is
 * seen as stale and rebuilt (or refused with `redcheck image build`).
 */
export function requiredImageVersion(): string {
  const h = createHash('sha256');
  for (const f of FSYNC_SOURCES) h.update(readFileSync(join(DOCKER_DIR, f)));
  return `${IMAGE_GENERATION}-${h.digest('hex').slice(0, 12)}`;
}

/**
 * Compile the tools with the host's C compiler into `root` (a directory laid out as the node's
 * root: `root/usr/local/lib/redcheck/...`), with the record directory made. The host's glibc
 * must not be newer than the image's (Debian 12 builds for Debian 12 and 13).
 */
export async function compileFsyncTools(root: string): Promise<void> {
  const cc = process.env.CC ?? 'cc';
  const lib = join(root, FSYNC_TOOLS.library);
  const cut = join(root, FSYNC_TOOLS.powerCut);
  mkdirSync(dirname(lib), { recursive: true });
  mkdirSync(dirname(cut), { recursive: true });
  mkdirSync(join(root, FSYNC_TOOLS.recordDir), { recursive: true });
  const common = ['-O2', '-Wall', '-Wextra', '-Werror'];
  try {
    await runProgram(cc, [
      ...common,
      '-shared',
      '-fPIC',
      '-o',
      lib,
      join(DOCKER_DIR, 'fsync-tracker.c'),
      '-ldl',
    ]);
    await runProgram(cc, [...common, '-o', cut, join(DOCKER_DIR, 'power-cut.c')]);
  } catch (e) {
    throw new RedcheckError(
      'E_IMAGE_BUILD',
      `compiling the power-loss tools (docker/fsync-tracker.c, docker/power-cut.c) with ${cc} failed: ${errorMessage(e)}`,
      'install a C compiler and the C library headers (`apt-get install gcc libc6-dev`), or set CC',
    );
  }
  chmodSync(lib, 0o755);
  chmodSync(cut, 0o755);
}
