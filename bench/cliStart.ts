/**
 * CLI start: how long `redcheck --help` and `redcheck check` of a 7-op file take through the
 * launcher (`bin/redcheck.js`), against a bare `node -e 0` on the same machine, each run
 * BENCH_CLI_RUNS times (default 7) interleaved so load hits all three alike. Target: the
 * median of each within 3x the median of `node -e 0`. The launcher runs `dist/` while the
 * build is current (`npm run build`) and the sources through tsx otherwise; both are measured
 * (REDCHECK_FROM_SOURCE=1 forces the sources), and only the build is held to the target.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable } from './table.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const LAUNCHER = join(ROOT, 'bin', 'redcheck.js');
const SMALL = join(ROOT, 'examples', 'cas-register-ok.jsonl');
const TARGET_RATIO = 3;

interface Case {
  name: string;
  args: string[];
  env?: Record<string, string>;
  target: boolean;
}

function timeOnce(c: Case): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, c.args, {
    cwd: ROOT,
    env: { ...process.env, ...c.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}: ${String(r.stderr)}`);
  return ms;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

export function run(): Promise<void> {
  const runs = Number(process.env.BENCH_CLI_RUNS ?? 7);
  const which = spawnSync(process.execPath, [LAUNCHER, '--help'], {
    cwd: ROOT,
    env: { ...process.env, REDCHECK_DEBUG: '1' },
    encoding: 'utf8',
  });
  const built = /running dist/.test(which.stderr);
  const fromSource = { REDCHECK_FROM_SOURCE: '1' };
  const cases: Case[] = [
    { name: 'node -e 0', args: ['-e', '0'], target: false },
    { name: 'redcheck --help', args: [LAUNCHER, '--help'], target: true },
    { name: 'redcheck check (7 ops)', args: [LAUNCHER, 'check', SMALL], target: true },
    { name: '--help from source', args: [LAUNCHER, '--help'], env: fromSource, target: false },
    {
      name: 'check from source',
      args: [LAUNCHER, 'check', SMALL],
      env: fromSource,
      target: false,
    },
  ];
  const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (let i = 0; i < runs; i++) {
    for (const c of cases) times.get(c.name)?.push(timeOnce(c));
  }
  const base = median(times.get('node -e 0') ?? []);
  let missed = false;
  const rows = cases.map((c) => {
    const ms = times.get(c.name) ?? [];
    const ratio = median(ms) / base;
    const held = c.target && built;
    if (held && ratio > TARGET_RATIO) missed = true;
    return [
      c.name,
      Math.round(Math.min(...ms)),
      Math.round(median(ms)),
      Math.round(Math.max(...ms)),
      ratio.toFixed(2),
      held
        ? ratio <= TARGET_RATIO
          ? `<= ${TARGET_RATIO}x: met`
          : `<= ${TARGET_RATIO}x: MISSED`
        : '-',
    ];
  });
  printTable(
    `CLI start, ${runs} runs each (the launcher runs ${built ? 'dist/' : 'the sources: no current build'})`,
    ['command', 'min ms', 'median ms', 'max ms', 'x node', 'target'],
    rows,
  );
  if (!built)
    console.log('no current build: `npm run build` first to measure what the target is set for');
  if (missed) process.exitCode = 1;
  return Promise.resolve();
}
