/**
 * List-append (Elle) checker: 100,000 transactions from 10 concurrent clients over rotating
 * keys (at most 32 appends per key, 1-4 micro-ops per transaction, half of them reads, 2% failed
 * and 1% info), each taking effect atomically inside its interval, so the history is strict
 * serializable; then the same history with five anomalies injected (G0, G1c, G-single, G2-item,
 * G-single-realtime). Each case runs BENCH_RUNS (default 3) times, each in a fresh process so
 * its peak RSS is its own (history generation included). Targets: each check under 10 s, peak
 * RSS under 1 GiB.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkListAppend, type MicroOp } from '../src/checker/elle/index.js';
import type { Op } from '../src/history/op.js';
import { mulberry32 } from '../test/support/mulberry32.js';
import { printTable } from './table.js';

const TXNS = 100_000;
const CLIENTS = 10;
const ACTIVE_KEYS = 10;
const MAX_APPENDS_PER_KEY = 32;
const TIME_LIMIT_MS = 10_000;
const RSS_LIMIT_MIB = 1024;

/** A strict serializable list-append history of `n` transactions. */
export function generateHistory(n: number, seed: number): Op[] {
  const rand = mulberry32(seed);
  const ops: Op[] = [];
  const lists = new Map<number, number[]>();
  const appends = new Map<number, number>();
  const active = Array.from({ length: ACTIVE_KEYS }, (_, i) => i);
  let nextKey = ACTIVE_KEYS;
  let nextValue = 1;
  const emit = (process: number, type: Op['type'], value: unknown): void => {
    ops.push({ index: ops.length, time: ops.length * 1000, process, type, f: 'txn', value });
  };
  const pickKey = (): number => {
    const i = Math.floor(rand() * active.length);
    const k = active[i]!;
    const c = (appends.get(k) ?? 0) + 1;
    appends.set(k, c);
    if (c >= MAX_APPENDS_PER_KEY) active[i] = nextKey++;
    return k;
  };
  interface Worker {
    process: number;
    phase: 'idle' | 'invoked' | 'applied';
    mops: MicroOp[];
    done: MicroOp[];
    outcome: 'ok' | 'fail' | 'info';
    applies: boolean;
  }
  const workers = Array.from({ length: CLIENTS }, (_, i): Worker => ({
    process: i,
    phase: 'idle',
    mops: [],
    done: [],
    outcome: 'ok',
    applies: true,
  }));
  let started = 0;
  let completed = 0;
  while (completed < n) {
    const w = workers[Math.floor(rand() * CLIENTS)]!;
    if (w.phase === 'idle') {
      if (started >= n) continue;
      started++;
      const len = 1 + Math.floor(rand() * 4);
      w.mops = [];
      for (let i = 0; i < len; i++) {
        if (rand() < 0.5) w.mops.push(['r', active[Math.floor(rand() * active.length)]!, null]);
        else w.mops.push(['append', pickKey(), nextValue++]);
      }
      const o = rand();
      w.outcome = o < 0.02 ? 'fail' : o < 0.03 ? 'info' : 'ok';
      w.applies = w.outcome === 'ok' || (w.outcome === 'info' && rand() < 0.5);
      w.phase = 'invoked';
      emit(w.process, 'invoke', w.mops);
    } else if (w.phase === 'invoked') {
      w.done = w.mops.map((m): MicroOp => {
        if (!w.applies) return m;
        const list = lists.get(m[1] as number) ?? [];
        if (m[0] === 'append') {
          list.push(m[2] as number);
          lists.set(m[1] as number, list);
          return m;
        }
        return ['r', m[1], list.slice()];
      });
      w.phase = 'applied';
    } else {
      emit(w.process, w.outcome, w.outcome === 'ok' ? w.done : w.mops);
      if (w.outcome === 'info') w.process += CLIENTS;
      w.phase = 'idle';
      completed++;
    }
  }
  return ops;
}

function txn(ops: Op[], process: number, mops: MicroOp[], done: MicroOp[]): void {
  ops.push({ index: 0, time: 0, process, type: 'invoke', f: 'txn', value: mops });
  ops.push({ index: 0, time: 0, process, type: 'ok', f: 'txn', value: done });
}

/** Five anomalies on fresh keys and processes, spliced in at seeded positions. */
export function injectCycles(base: Op[], seed: number): Op[] {
  const rand = mulberry32(seed);
  const gadgets: Op[][] = [];
  const both = (p: number, mops: MicroOp[][], done: MicroOp[][]): Op[] => {
    const out: Op[] = [];
    mops.forEach((m, i) =>
      out.push({ index: 0, time: 0, process: p + i, type: 'invoke', f: 'txn', value: m }),
    );
    done.forEach((d, i) =>
      out.push({ index: 0, time: 0, process: p + i, type: 'ok', f: 'txn', value: d }),
    );
    return out;
  };
  // G0: opposite append orders on two keys.
  const g0 = both(
    900_000,
    [
      [
        ['append', 'g0x', 1],
        ['append', 'g0y', 1],
      ],
      [
        ['append', 'g0x', 2],
        ['append', 'g0y', 2],
      ],
    ],
    [
      [
        ['append', 'g0x', 1],
        ['append', 'g0y', 1],
      ],
      [
        ['append', 'g0x', 2],
        ['append', 'g0y', 2],
      ],
    ],
  );
  txn(
    g0,
    900_002,
    [
      ['r', 'g0x', null],
      ['r', 'g0y', null],
    ],
    [
      ['r', 'g0x', [1, 2]],
      ['r', 'g0y', [2, 1]],
    ],
  );
  gadgets.push(g0);
  // G1c: each reads the other's append.
  gadgets.push(
    both(
      900_010,
      [
        [
          ['append', 'g1x', 1],
          ['r', 'g1y', null],
        ],
        [
          ['append', 'g1y', 1],
          ['r', 'g1x', null],
        ],
      ],
      [
        [
          ['append', 'g1x', 1],
          ['r', 'g1y', [1]],
        ],
        [
          ['append', 'g1y', 1],
          ['r', 'g1x', [1]],
        ],
      ],
    ),
  );
  // G-single: read skew.
  gadgets.push(
    both(
      900_020,
      [
        [
          ['append', 'gsx', 1],
          ['append', 'gsy', 1],
        ],
        [
          ['r', 'gsx', null],
          ['r', 'gsy', null],
        ],
      ],
      [
        [
          ['append', 'gsx', 1],
          ['append', 'gsy', 1],
        ],
        [
          ['r', 'gsx', [1]],
          ['r', 'gsy', []],
        ],
      ],
    ),
  );
  // G2-item: write skew.
  gadgets.push(
    both(
      900_030,
      [
        [
          ['r', 'g2x', null],
          ['append', 'g2y', 1],
        ],
        [
          ['r', 'g2y', null],
          ['append', 'g2x', 1],
        ],
      ],
      [
        [
          ['r', 'g2x', []],
          ['append', 'g2y', 1],
        ],
        [
          ['r', 'g2y', []],
          ['append', 'g2x', 1],
        ],
      ],
    ),
  );
  // G-single-realtime: a stale read after the append completed.
  const rt: Op[] = [];
  txn(rt, 900_040, [['append', 'grx', 1]], [['append', 'grx', 1]]);
  txn(rt, 900_041, [['r', 'grx', null]], [['r', 'grx', []]]);
  gadgets.push(rt);
  let out = base;
  for (const g of gadgets) {
    // Only at op boundaries where no client is mid-op matters not: gadget processes are fresh.
    const at = Math.floor(rand() * (out.length + 1));
    out = [...out.slice(0, at), ...g, ...out.slice(at)];
  }
  return out.map((op, index) => ({ ...op, index, time: index * 1000 }));
}

interface ChildResult {
  ms: number;
  /** CPU time of the check (user + system): what the check costs on a machine shared with others. */
  cpuMs: number;
  valid: boolean | 'unknown';
  types: string[];
  edges: number;
  txns: number;
  rssMiB: number;
}

function child(kind: string, seed: number): void {
  let ops = generateHistory(TXNS, seed);
  if (kind === 'cycles') ops = injectCycles(ops, seed + 1);
  const t = performance.now();
  const cpu = process.cpuUsage();
  const r = checkListAppend(ops, { consistencyModel: 'strict-serializable' });
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const out: ChildResult = {
    ms,
    cpuMs: (used.user + used.system) / 1000,
    valid: r.valid,
    types: r.anomalyTypes,
    edges: r.stats.edges,
    txns: r.stats.txns.ok + r.stats.txns.info + r.stats.txns.fail,
    rssMiB: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify(out));
}

const CASES = [
  { kind: 'clean', expect: (r: ChildResult): boolean => r.valid === true },
  {
    kind: 'cycles',
    expect: (r: ChildResult): boolean =>
      r.valid === false &&
      ['G0', 'G1c', 'G-single', 'G2-item', 'G-single-realtime'].every((t) => r.types.includes(t)),
  },
];

export function run(): Promise<void> {
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
  const self = fileURLToPath(import.meta.url);
  const rows: (string | number)[][] = [];
  let missed = false;
  for (const c of CASES) {
    const results: ChildResult[] = [];
    for (let i = 0; i < runs; i++) {
      const p = spawnSync(
        process.execPath,
        ['--import', 'tsx', self, 'child', c.kind, String(42 + i)],
        {
          encoding: 'utf8',
          maxBuffer: 1 << 24,
          cwd: path.resolve(path.dirname(self), '..'),
        },
      );
      const line = p.stdout.trim().split('\n').pop() ?? '';
      if (p.status !== 0 || !line.startsWith('{')) {
        throw new Error(
          `bench child ${c.kind} failed (exit ${p.status}): ${p.stderr.slice(0, 2000)}`,
        );
      }
      results.push(JSON.parse(line) as ChildResult);
    }
    const ms = results.map((r) => r.ms).sort((x, y) => x - y);
    const cpu = results.map((r) => r.cpuMs).sort((x, y) => x - y);
    const rss = Math.max(...results.map((r) => r.rssMiB));
    const ok = results.every(c.expect);
    const median = ms[Math.floor(ms.length / 2)]!;
    const met = ok && ms[ms.length - 1]! < TIME_LIMIT_MS && rss < RSS_LIMIT_MIB;
    if (!met) missed = true;
    const r0 = results[0]!;
    rows.push([
      c.kind,
      r0.txns,
      r0.edges,
      `${String(r0.valid)} ${r0.types.join(',')}`.trim(),
      Math.round(ms[0]!),
      Math.round(median),
      Math.round(ms[ms.length - 1]!),
      Math.round(cpu[Math.floor(cpu.length / 2)]!),
      Math.round(r0.txns / (median / 1000)),
      Math.round(rss),
      met ? 'yes' : 'NO',
    ]);
  }
  printTable(
    `list-append checker, ${runs} run(s) per case, strict-serializable (targets: < ${TIME_LIMIT_MS / 1000} s, < ${RSS_LIMIT_MIB} MiB)`,
    [
      'case',
      'txns',
      'edges',
      'verdict',
      'min ms',
      'median ms',
      'max ms',
      'median cpu ms',
      'txns/s (wall)',
      'peak RSS MiB',
      'met',
    ],
    rows,
  );
  console.log(
    `peak RSS is per process and includes generating the history; load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores (wall times grow with it, cpu ms does not)`,
  );
  if (missed) process.exitCode = 1;
  return Promise.resolve();
}

if (process.argv[2] === 'child') child(process.argv[3] ?? 'clean', Number(process.argv[4] ?? 42));
