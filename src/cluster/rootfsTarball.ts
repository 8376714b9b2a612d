import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createInterface } from 'node:readline';
import { errorMessage, RedcheckError } from '../errors.js';
import { aptMirror } from './aptMirror.js';
import { TOOL_PACKAGES, type FlavorSpec } from './flavor.js';

export const CACHE_DIR = process.env.REDCHECK_CACHE_DIR ?? '/var/cache/redcheck';

/** Paths dropped from the root file system: docs, manuals, locales, apt's lists and archives. */
const STRIP = [
  'usr/share/doc',
  'usr/share/man',
  'usr/share/info',
  'usr/share/locale',
  'var/lib/apt/lists',
  'var/cache/apt',
  'var/cache/debconf/templates.dat-old',
  'var/log',
];

/**
 * What a root file system is made from: a name for the cache file and messages, the Debian
 * suite and the packages (a Redis flavour's spec, or another offline image's, e.g. the swarm
 * engine image of src/cluster/swarm/).
 */
export type RootfsSpec = Pick<FlavorSpec, 'suite' | 'packages'> & { readonly flavor: string };

export function tarballPath(spec: RootfsSpec, cacheDir = CACHE_DIR): string {
  return `${cacheDir}/rootfs-${spec.flavor}-${spec.suite}.tar`;
}

/** Run a child process, passing each stdout/stderr line to `onLine`; rejects on non-zero exit. */
function runLines(cmd: string, args: string[], onLine: (l: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const take = (l: string) => {
      tail.push(l);
      if (tail.length > 20) tail.shift();
      onLine(l);
    };
    createInterface({ input: child.stdout }).on('line', take);
    createInterface({ input: child.stderr }).on('line', take);
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${cmd} exited with ${code}:\n${tail.join('\n')}`));
    });
  });
}

/** Unmount whatever a failed debootstrap left mounted under `dir` (proc, sys), deepest first. */
async function unmountUnder(dir: string): Promise<void> {
  const mounts = readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1] ?? '')
    .filter((m) => m.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const m of mounts)
    await runLines('umount', ['-l', m], () => undefined).catch(() => undefined);
}

/** Remove build directories (`build-<flavour>-<pid>-<ms>`) of builds whose process died. */
async function removeDeadBuilds(cacheDir: string): Promise<void> {
  for (const name of readdirSync(cacheDir)) {
    const pid = Number(/^build-.+-(\d+)-\d+$/.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || existsSync(`/proc/${pid}`)) continue;
    await unmountUnder(`${cacheDir}/${name}`);
    rmSync(`${cacheDir}/${name}`, { recursive: true, force: true });
  }
}

export interface TarballOptions {
  log: (line: string) => void;
  /** Rebuild even when the cached tarball exists. */
  force?: boolean;
  cacheDir?: string;
}

/**
 * A tarball of a minimal Debian root file system with the flavour's Redis packages and the
 * fault tools, from debootstrap (variant minbase) against apt's own mirror. Cached under
 * `/var/cache/redcheck`, so a second import costs only the import.
 */
export async function rootfsTarball(spec: RootfsSpec, o: TarballOptions): Promise<string> {
  const cacheDir = o.cacheDir ?? CACHE_DIR;
  const out = tarballPath(spec, cacheDir);
  if (!o.force && existsSync(out) && statSync(out).size > 0) {
    o.log(`[image] using cached root file system ${out}`);
    return out;
  }
  mkdirSync(cacheDir, { recursive: true });
  await removeDeadBuilds(cacheDir);
  const mirror = aptMirror();
  const dir = `${cacheDir}/build-${spec.flavor}-${process.pid}-${Date.now()}`;
  mkdirSync(dir, { recursive: true });
  const include = [...spec.packages, ...TOOL_PACKAGES].join(',');
  o.log(`[image] debootstrap ${spec.suite} (minbase, +${include}) from ${mirror}`);
  try {
    const seen = new Set<string>();
    await runLines(
      'debootstrap',
      ['--variant=minbase', `--include=${include}`, spec.suite, `${dir}/root`, mirror],
      (line) => {
        const verb = /^I: (\w+)/.exec(line)?.[1];
        if (verb && !seen.has(verb)) {
          seen.add(verb);
          o.log(`[image]   ${line}`);
        }
      },
    );
    // The same iptables backend in every image (nf_tables, Debian's default): the nemesis
    // and `doctor` rely on plain `iptables` meaning one thing.
    await runLines(
      'chroot',
      [`${dir}/root`, 'update-alternatives', '--set', 'iptables', '/usr/sbin/iptables-nft'],
      () => undefined,
    );
    for (const p of STRIP) {
      rmSync(`${dir}/root/${p}`, { recursive: true, force: true });
      mkdirSync(`${dir}/root/${p}`, { recursive: true });
    }
    o.log(`[image] packing ${out}`);
    await runLines(
      'tar',
      ['-C', `${dir}/root`, '--numeric-owner', '-cf', `${dir}/rootfs.tar`, '.'],
      () => undefined,
    );
    renameSync(`${dir}/rootfs.tar`, out);
  } catch (e) {
    throw new RedcheckError(
      'E_IMAGE_BUILD',
      `debootstrap of ${spec.suite} for ${spec.flavor} failed: ${errorMessage(e)}`,
      `check that apt can reach ${mirror} (\`apt-get update\`) and that debootstrap is installed`,
    );
  } finally {
    await unmountUnder(dir);
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
