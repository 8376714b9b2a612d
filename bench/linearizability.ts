/**
 * Linearizability checker on Porcupine's histories (test/fixtures/porcupine), against the Go baselines: time per
 * set (etcd, kv per key, kv as one history) and in total, best of BENCH_RUNS (default 3) runs
 * per file as the Go numbers are, plus kv/c50-bad.txt cold, and peak memory.
 * Targets: total within 2x the Go total (2 cores); kv/c50-bad.txt illegal in under 1 s.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { checkLinearizability } from '../src/checker/linearizability/index.js';
import type { Op } from '../src/history/op.js';
import { parsePorcupineEtcdLog, parsePorcupineKv } from '../src/history/porcupine.js';
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

function gc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * The heap a check really grows by: after a full GC, the peak of `heapUsed` sampled while the
 * check runs (it yields to the event loop every ~25 ms) less the heap before. An upper bound
 * on what its caches hold (garbage not yet collected counts too).
 */
async function heapGrowth(c: Case): Promise<number> {
  gc();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 1);
  await checkLinearizability(c.history, { model: c.model, timeLimitMs: 120_000 });
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return peak - before;
}

export async function run(): Promise<void> {
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
  const cases = loadCases();
  const go2 = goBaseline('go-baseline.tsv');
  const go1 = goBaseline('go-baseline-1core.tsv');

  // kv/c50-bad.txt first, on a cold JIT: the "one illegal partition ends the check" target
  const c50 = cases.find((c) => c.file === 'kv/c50-bad.txt' && c.model === 'kvModel');
  const cold = c50 ? await timeCheck(c50) : undefined;

  const best = new Map<Case, number>();
  const first = new Map<Case, number>();
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
      if (i === 0) first.set(c, ms);
    }
  }

  const rows: (string | number)[][] = [];
  const sum = (cs: readonly Case[], f: (c: Case) => number): number =>
    cs.reduce((a, c) => a + f(c), 0);
  const row = (name: string, cs: readonly Case[]): (string | number)[] => {
    const ours = sum(cs, (c) => best.get(c) ?? 0);
    const g2 = sum(cs, (c) => go2.get(`${c.file}|${c.model}`) ?? 0);
    const g1 = sum(cs, (c) => go1.get(`${c.file}|${c.model}`) ?? 0);
    const ours1 = sum(cs, (c) => first.get(c) ?? 0);
    return [name, cs.length, ours, ours1, g2, ours / g2, g1, ours / g1];
  };
  for (const [model, name] of Object.entries(SETS))
    rows.push(
      row(
        name,
        cases.filter((c) => c.model === model),
      ),
    );
  const total = row('total', cases);
  rows.push(total);
  printTable(
    `Porcupine histories, best of ${runs} run(s) per file (ms); Go go1.19.8 from go-baseline*.tsv`,
    ['set', 'files', 'ours best', 'ours 1st run', 'go 2 cores', 'ratio', 'go 1 core', 'ratio 1c'],
    rows,
  );

  const slowest = [...best].sort((a, b) => b[1] - a[1]).slice(0, 5);
  printTable(
    'slowest files',
    ['file', 'model', 'ours', 'go 2 cores', 'ratio'],
    slowest.map(([c, ms]) => {
      const g = go2.get(`${c.file}|${c.model}`) ?? NaN;
      return [c.file, c.model, ms, g, ms / g];
    }),
  );

  const c50best = c50 ? (best.get(c50) ?? NaN) : NaN;
  const rss = process.resourceUsage().maxRSS / 1024;
  const ratio = Number(total[5]);
  printTable(
    'targets',
    ['target', 'measured', 'limit', 'met'],
    [
      [
        'verdicts match expected.tsv',
        `${cases.length - mismatches}/${cases.length}`,
        'all',
        mismatches === 0 ? 'yes' : 'NO',
      ],
      ['total vs Go total (2 cores)', `${ratio.toFixed(2)}x`, '2x', ratio <= 2 ? 'yes' : 'NO'],
      [
        'kv/c50-bad.txt illegal, cold (ms)',
        cold ? Math.round(cold.ms) : '-',
        1000,
        cold && cold.ms < 1000 && cold.valid === false ? 'yes' : 'NO',
      ],
      [
        'kv/c50-bad.txt illegal, best (ms)',
        Math.round(c50best),
        1000,
        c50best < 1000 ? 'yes' : 'NO',
      ],
    ],
  );
  // the memory budget is checked against an estimate: hold it against the real heap
  const biggest = [...estimate].sort((a, b) => b[1] - a[1]).slice(0, 6);
  const memRows: (string | number)[][] = [];
  for (const [c, est] of biggest) {
    const real = await heapGrowth(c);
    memRows.push([c.file, c.model, est / 2 ** 20, real / 2 ** 20, real > 0 ? est / real : NaN]);
  }
  printTable(
    'memory budget: the estimate (peakCacheBytes) against the heap growth during the check (MiB)',
    ['file', 'model', 'estimate', 'heap growth', 'estimate/heap'],
    memRows,
  );
  console.log(
    `peak memory: maxRSS ${Math.round(rss)} MiB, peak heap used ${Math.round(peakHeap / 2 ** 20)} MiB`,
  );
  if (mismatches > 0 || ratio > 2 || !(cold && cold.ms < 1000)) process.exitCode = 1;
}
