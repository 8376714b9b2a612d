/**
 * Linearizability checker on Porcupine's histories (test/fixtures/porcupine), against Go
 * Porcupine in the same run: time per set (etcd, kv per key, kv as one history) and in total,
 * best of BENCH_RUNS (default 3) checks per file, and cold (each file checked once in a fresh
 * process; BENCH_COLD=0 skips it), plus kv/c50-bad.txt cold, and peak memory.
 *
 * Go: with REDCHECK_PORCUPINE_DIR pointing at a checkout of Porcupine and `go` installed, its
 * own benchmarks of the same files run in the same bench (see porcupineGo.ts) and the ratios
 * are printed per set, in total and per file; otherwise the ratios are skipped, with why.
 * Targets with Go: best-of total at most 0.15x Go's, cold total at most 0.3x, no file slower
 * than Go. Always: the verdicts Porcupine expects; kv/c50-bad.txt illegal in under 1 s cold.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { dropKeptBuffers } from '../src/checker/linearizability/bufferPool.js';
import { checkLinearizability } from '../src/checker/linearizability/index.js';
import type { Op } from '../src/history/op.js';
import { parsePorcupineEtcdLog, parsePorcupineKv } from '../src/history/porcupine.js';
import { withHeapGrowth } from './heapGrowth.js';
import { goSetup, runGo, type GoTimes } from './porcupineGo.js';
import { printTable } from './table.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(repoRoot, 'test', 'fixtures', 'porcupine');

const SETS: Readonly<Record<string, string>> = {
  etcdModel: 'etcd',
  kvModel: 'kv, per key',
  kvNoPartitionModel: 'kv, one history',
};

interface Case {
  readonly file: string;
  readonly model: string;
  readonly expected: boolean;
  readonly history: Op[];
}

function readTsv(name: string): string[][] {
  return readFileSync(path.join(dataDir, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .slice(1)
    .map((l) => l.split('\t'));
}

/** Go best_ms per `file|model`. */
function goBaseline(name: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [file = '', model = '', , , , , , ms = ''] of readTsv(name))
    out.set(`${file}|${model}`, Number(ms));
  return out;
}

function loadCases(): Case[] {
  return readTsv('expected.tsv').flatMap(([file = '', expected = '', model = '']) => {
    if (expected !== 'ok' && expected !== 'illegal') return [];
    const text = readFileSync(path.join(dataDir, file), 'utf8');
    const history = file.startsWith('jepsen/')
      ? parsePorcupineEtcdLog(text, file)
      : parsePorcupineKv(text, file);
    return [{ file, model, expected: expected === 'ok', history }];
  });
}

let peakHeap = 0;
/** The checker's own memory estimate (peakCacheBytes) per case, from its last check. */
const estimate = new Map<Case, number>();

async function timeCheck(c: Case): Promise<{ ms: number; valid: boolean | 'unknown' }> {
  const t = performance.now();
  const r = await checkLinearizability(c.history, { model: c.model, timeLimitMs: 120_000 });
  const ms = performance.now() - t;
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  estimate.set(c, r.peakCacheBytes);
  return { ms, valid: r.valid };
}

/**
 * The heap a check really grows by (`withHeapGrowth`; the check yields to the event loop
 * every ~25 ms).
 */
async function heapGrowth(c: Case): Promise<number> {
  // the buffers kept from earlier checks would count as there before this one
  dropKeptBuffers();
  const check = () => checkLinearizability(c.history, { model: c.model, timeLimitMs: 120_000 });
  return (await withHeapGrowth(check, 1)).heapGrowth;
}

const keyOf = (c: Case): string => `${c.file}|${c.model}`;
let coldMismatches = 0;

/** Each case checked once in a fresh process (linearizabilityCold.ts): check and load times. */
async function coldChecks(
  cases: readonly Case[],
): Promise<Map<Case, { ms: number; load: number }>> {
  const script = path.join(repoRoot, 'bench', 'linearizabilityCold.ts');
  const out = new Map<Case, { ms: number; load: number }>();
  for (const c of cases) {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', script, c.file, c.model],
      { cwd: repoRoot, maxBuffer: 1 << 20 },
    );
    const r = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
      checkMs: number;
      loadMs: number;
      valid: boolean | 'unknown';
    };
    if (r.valid !== c.expected) {
      console.log(
        `MISMATCH cold ${c.file} (${c.model}): expected ${c.expected}, got ${String(r.valid)}`,
      );
      coldMismatches++;
    }
    out.set(c, { ms: r.checkMs, load: r.loadMs });
  }
  return out;
}

export async function run(): Promise<void> {
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
  const cases = loadCases();
  const recorded = goBaseline('go-baseline.tsv');

  // kv/c50-bad.txt first, on a cold JIT: the "one illegal partition ends the check" target
  const c50 = cases.find((c) => c.file === 'kv/c50-bad.txt' && c.model === 'kvModel');
  const c50cold = c50 ? await timeCheck(c50) : undefined;

  const best = new Map<Case, number>();
  let mismatches = 0;
  for (let i = 0; i < runs; i++) {
    for (const c of cases) {
      const { ms, valid } = await timeCheck(c);
      if (i === 0 && valid !== c.expected) {
        mismatches++;
        console.log(
          `MISMATCH ${c.file} (${c.model}): expected ${c.expected}, got ${String(valid)}`,
        );
      }
      best.set(c, Math.min(best.get(c) ?? Infinity, ms));
    }
  }
  const cold = process.env.BENCH_COLD === '0' ? undefined : await coldChecks(cases);

  const setup = goSetup();
  let go: GoTimes | undefined;
  if ('dir' in setup) go = await runGo(setup.dir, runs);
  const goMs = (c: Case): number => go?.best.get(keyOf(c)) ?? NaN;
  // ratios only over the files Go checked too
  const compared = cases.filter((c) => Number.isFinite(goMs(c)));

  const sum = (cs: readonly Case[], f: (c: Case) => number): number =>
    cs.reduce((a, c) => a + f(c), 0);
  const bestOf = (c: Case): number => best.get(c) ?? NaN;
  const coldOf = (c: Case): number => cold?.get(c)?.ms ?? NaN;
  const row = (name: string, all: readonly Case[]): (string | number)[] => {
    const cs = go ? all.filter((c) => compared.includes(c)) : all;
    const ours = sum(cs, bestOf);
    const oursCold = cold ? sum(cs, coldOf) : NaN;
    const g = go ? sum(cs, goMs) : NaN;
    return [
      name,
      cs.length,
      ours,
      cold ? oursCold : '-',
      go ? g : '-',
      go ? ours / g : '-',
      go && cold ? oursCold / g : '-',
    ];
  };
  const rows = Object.entries(SETS).map(([model, name]) =>
    row(
      name,
      cases.filter((c) => c.model === model),
    ),
  );
  const total = row('total', cases);
  rows.push(total);
  const goNote = go
    ? `Go: ${go.version}, Porcupine ${go.commit} in ${go.dir}, best of ${runs} (same run)`
    : `Go ratio skipped: ${'skipped' in setup ? setup.skipped : ''}`;
  printTable(
    `Porcupine histories (ms): ours best of ${runs} per file; cold = one check in a fresh process. ${goNote}`,
    ['set', 'files', 'ours best', 'ours cold', 'go best', 'ratio best', 'ratio cold'],
    rows,
  );
  if (cold) {
    const loads = [...cold.values()].map((v) => v.load).sort((a, b) => a - b);
    console.log(
      `checker module load in the fresh processes (not in "cold"): median ${Math.round(loads[loads.length >> 1] ?? NaN)} ms`,
    );
  }
  const rec = sum(cases, (c) => recorded.get(keyOf(c)) ?? 0);
  console.log(
    `for reference, Go go1.19.8 recorded in go-baseline.tsv: total ${Math.round(rec)} ms; ours/recorded ${(sum(cases, bestOf) / rec).toFixed(2)}x`,
  );

  const slowerThanGo = compared.filter((c) => bestOf(c) > goMs(c));
  const byRatio = go
    ? [...compared].sort((a, b) => bestOf(b) / goMs(b) - bestOf(a) / goMs(a))
    : [...cases].sort((a, b) => bestOf(b) - bestOf(a));
  printTable(
    go ? 'files with the highest ratio to Go (best of each)' : 'slowest files',
    ['file', 'model', 'ours best', 'ours cold', 'go best', 'ratio best', 'ratio cold'],
    byRatio
      .slice(0, 6)
      .map((c) => [
        c.file,
        c.model,
        bestOf(c),
        cold ? coldOf(c) : '-',
        go ? goMs(c) : '-',
        go ? bestOf(c) / goMs(c) : '-',
        go && cold ? coldOf(c) / goMs(c) : '-',
      ]),
  );

  const c50best = c50 ? bestOf(c50) : NaN;
  const rss = process.resourceUsage().maxRSS / 1024;
  const ratioBest = Number(total[5]);
  const ratioCold = Number(total[6]);
  const targets: (string | number)[][] = [
    [
      'verdicts match expected.tsv',
      `${cases.length - mismatches}/${cases.length}`,
      'all',
      mismatches === 0 ? 'yes' : 'NO',
    ],
    [
      'kv/c50-bad.txt illegal, cold JIT (ms)',
      c50cold ? Math.round(c50cold.ms) : '-',
      1000,
      c50cold && c50cold.ms < 1000 && c50cold.valid === false ? 'yes' : 'NO',
    ],
    ['kv/c50-bad.txt illegal, best (ms)', Math.round(c50best), 1000, c50best < 1000 ? 'yes' : 'NO'],
  ];
  if (cold)
    targets.push([
      'cold verdicts match expected.tsv',
      `${cases.length - coldMismatches}/${cases.length}`,
      'all',
      coldMismatches === 0 ? 'yes' : 'NO',
    ]);
  let missed = mismatches > 0 || coldMismatches > 0 || !(c50cold && c50cold.ms < 1000);
  if (go) {
    targets.push(
      [
        'best-of total vs Go',
        `${ratioBest.toFixed(3)}x`,
        '0.15x',
        ratioBest <= 0.15 ? 'yes' : 'NO',
      ],
      [
        'files slower than Go (best of each)',
        slowerThanGo.length === 0
          ? 0
          : `${slowerThanGo.length}: ${slowerThanGo.map((c) => c.file).join(', ')}`,
        0,
        slowerThanGo.length === 0 ? 'yes' : 'NO',
      ],
    );
    if (cold)
      targets.push([
        'cold total vs Go',
        `${ratioCold.toFixed(3)}x`,
        '0.3x',
        ratioCold <= 0.3 ? 'yes' : 'NO',
      ]);
    missed ||=
      ratioBest > 0.15 || slowerThanGo.length > 0 || (cold !== undefined && ratioCold > 0.3);
  } else {
    targets.push(['ratios to Go', 'skipped', '-', '-']);
  }
  printTable('targets', ['target', 'measured', 'limit', 'met'], targets);
  // the memory budget is checked against an estimate: hold it against the real heap
  const biggest = [...estimate].sort((a, b) => b[1] - a[1]).slice(0, 6);
  const memRows: (string | number)[][] = [];
  for (const [c, est] of biggest) {
    const real = await heapGrowth(c);
    memRows.push([c.file, c.model, est / 2 ** 20, real / 2 ** 20, real > 0 ? est / real : NaN]);
  }
  printTable(
    'memory budget: the estimate (peakCacheBytes) against the heap growth during the check, typed arrays included (MiB)',
    ['file', 'model', 'estimate', 'heap growth', 'estimate/heap'],
    memRows,
  );
  console.log(
    `peak memory: maxRSS ${Math.round(rss)} MiB, peak heap used ${Math.round(peakHeap / 2 ** 20)} MiB`,
  );
  if (missed) process.exitCode = 1;
}
