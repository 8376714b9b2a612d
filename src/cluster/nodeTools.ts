import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage, RedcheckError } from '../errors.js';
import { runProgram } from './runProgram.js';
import { DOCKER_DIR } from './fsyncTools.js';
import { CACHE_DIR } from './rootfsTarball.js';

/**
 * The programs redcheck brings into every node and its helper, compiled here from `docker/`
 * and bind-mounted read-only at `/redcheck`: the node's PID 1 (`init`, static), the fsync
 * tracker its servers preload for power loss (`fsync-tracker.so`, glibc), and the cutter the
 * helper runs (`power-cut`, static). The node image needs none of them built in.
 */
export const NODE_TOOLS = {
  /** Where the tools are mounted, in the node and in its helper. */
  mount: '/redcheck',
  init: '/redcheck/init',
  tracker: '/redcheck/fsync-tracker.so',
  powerCut: '/redcheck/power-cut',
} as const;

/** Signals the init understands (see `docker/init.c`): start the data server, the sentinel. */
export const INIT_SIGNALS = { startRedis: 34, startSentinel: 35 } as const;

/** Where the init keeps its state files, inside the node. */
export const INIT_RUN_DIR = '/run/redcheck';
/** Where the fsync tracker keeps its records, inside the node (`REDCHECK_FSYNC_DIR`). */
export const FSYNC_RECORD_DIR = '/run/redcheck/fsync';

const SOURCES = ['init.c', 'fsync-record.h', 'fsync-tracker.c', 'power-cut.c'];

async function compile(dir: string): Promise<void> {
  const cc = process.env.CC ?? 'cc';
  const src = (f: string) => join(DOCKER_DIR, f);
  const common = ['-O2', '-Wall', '-Wextra', '-Werror'];
  try {
    await Promise.all([
      runProgram(cc, [...common, '-static', '-o', join(dir, 'init'), src('init.c')]),
      runProgram(cc, [...common, '-static', '-o', join(dir, 'power-cut'), src('power-cut.c')]),
      runProgram(cc, [
        ...common,
        '-shared',
        '-fPIC',
        '-o',
        join(dir, 'fsync-tracker.so'),
        src('fsync-tracker.c'),
        '-ldl',
      ]),
    ]);
  } catch (e) {
    throw new RedcheckError(
      'E_NODE_TOOLS',
      `compiling the node tools (docker/init.c, docker/power-cut.c, docker/fsync-tracker.c) with ${cc} failed: ${errorMessage(e)}`,
      'install a C compiler and the static C library (`apt-get install gcc libc6-dev`), or set CC',
    );
  }
}

let ready: Promise<string> | undefined;

/**
 * The host directory holding the compiled node tools, compiled on first use into the cache
 * (`<cache>/node-tools-<hash of the sources>`, so a change to a source compiles anew). The
 * engine bind-mounts it, so it must be on the engine's host (a local engine).
 */
export function nodeToolsDir(cacheDir = CACHE_DIR): Promise<string> {
  ready ??= (async () => {
    const h = createHash('sha256');
    for (const f of SOURCES) h.update(readFileSync(join(DOCKER_DIR, f)));
    const dir = join(cacheDir, `node-tools-${h.digest('hex').slice(0, 12)}`);
    if (existsSync(join(dir, 'init'))) return dir;
    const tmp = `${dir}.build-${process.pid}-${Date.now()}`;
    mkdirSync(tmp, { recursive: true });
    try {
      await compile(tmp);
      rmSync(dir, { recursive: true, force: true });
      renameSync(tmp, dir);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      if (existsSync(join(dir, 'init'))) return dir; // another process won the race
      throw e;
    }
    return dir;
  })();
  ready.catch(() => (ready = undefined));
  return ready;
}
