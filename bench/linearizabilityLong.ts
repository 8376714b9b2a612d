/**
 * `npm run bench -- lin-long`: the linearizability checker on long register histories shaped
 * like redcheck's own register runs (unique values, cas chains, `info` ops inside a
 * "partition" window), generated with a fixed seed: 100k and 1M ops from 10 processes on one
 * key with 0.1% and 1% `info` ops, one of each size with an injected stale read, and 10k ops
 * from 20 processes all overlapping. Each case runs BENCH_RUNS times (default 3), each in a
 * child process of its own so that its peak RSS is its own; time is the check alone (not the
 * generation), peak memory is the child's maxRSS (history included) and the peak heap growth
 * during the check against the checker's own memory estimate.
 *
 * Targets (issue 13): 1M ops decided in < 10 s with peak RSS < 1.5 GiB, 100k in < 1 s,
 * 10k from 20 processes in < 1 s; the stale read found, with evidence.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { checkLinearizability } from '../src/checker/linearizability/index.js';
import type { Op } from '../src/history/op.js';
import { mulberry32 } from '../test/support/mulberry32.js';
import { withHeapGrowth } from './heapGrowth.js';
import { printTable } from './table.js';

const CASE_FLAG = '--lin-long-case';

interface Case {
  readonly name: string;
  readonly ops: number;
  readonly processes: number;
  /** Share of all ops that are `info`, all inside the partition window. */
  readonly info: number;
  readonly staleRead: boolean;
  /** Max delay before and after an op's linearization point (time units); gap between ops 0..3. */
  readonly spread: number;
}

const CASES: readonly Case[] = [
  {
    name: '100k, 0.1% info',
    ops: 100_000,
    processes: 10,
    info: 0.001,
    staleRead: false,
    spread: 20,
  },
  { name: '100k, 1% info', ops: 100_000, processes: 10, info: 0.01, staleRead: false, spread: 20 },
  {
    name: '100k, 1% info, stale read',
    ops: 100_000,
    processes: 10,
    info: 0.01,
    staleRead: true,
    spread: 20,
  },
  {
    name: '1M, 0.1% info',
    ops: 1_000_000,
    processes: 10,
    info: 0.001,
    staleRead: false,
    spread: 20,
  },
  { name: '1M, 1% info', ops: 1_000_000, processes: 10, info: 0.01, staleRead: false, spread: 20 },
  {
    name: '1M, 1% info, stale read',
    ops: 1_000_000,
    processes: 10,
    info: 0.01,
    staleRead: true,
    spread: 20,
  },
  {
    name: '10k, 20 procs all overlapping, 1% info',
    ops: 10_000,
    processes: 20,
    info: 0.01,
    staleRead: false,
    spread: 200,
  },
];

/** Target seconds per case by size. */
const targetSeconds = (c: Case): number => (c.ops >= 1_000_000 ? 10 : 1);
const RSS_TARGET_MIB = 1536;

/**
 * A linearizable register history as the register workload records it: one key, an initial
 * `write 0`, then reads (half), writes and cas (a quarter each) with values unique; a cas
 * expects the value current when it was issued, which a concurrent write may have replaced
 * (then it fails). Ops inside the partition window (the middle third) are `info` with the
 * share that makes `info` of all ops; half of those take effect. After an `info` the process
 * continues under a new id. With `staleRead`, one read after the window returns a value
 * overwritten long before.
 */
export function registerRun(c: Case, seed = 1): Op[] {
  const rnd = mulberry32(seed);
  const key = '{r0}';
  interface Planned {
    call: number;
    point: number;
    ret: number;
    proc: number;
    f: 'read' | 'write' | 'cas';
    info: boolean;
    effect: boolean;
  }
  const planned: Planned[] = new Array<Planned>(c.ops);
  const windowFrom = c.ops / 3;
  const windowTo = (2 * c.ops) / 3;
  const infoInWindow = (c.info * c.ops) / (windowTo - windowFrom);
  const clock = new Float64Array(c.processes).fill(10);
  const procId = Array.from({ length: c.processes }, (_, p) => p);
  let nextProc = c.processes;
  for (let i = 0; i < c.ops; i++) {
    const lane = i % c.processes;
    const call = (clock[lane] as number) + rnd() * 3;
    const point = call + rnd() * c.spread;
    const ret = point + rnd() * c.spread;
    clock[lane] = ret;
    const r = rnd();
    const f = r < 0.5 ? 'read' : r < 0.75 ? 'write' : 'cas';
    const info = i >= windowFrom && i < windowTo && rnd() < infoInWindow;
    planned[i] = { call, point, ret, proc: procId[lane] as number, f, info, effect: rnd() < 0.5 };
    if (info) procId[lane] = nextProc++;
  }
  // apply in linearization order
  const order = planned.map((_, i) => i).sort((a, b) => planned[a]!.point - planned[b]!.point);
  let value = 0;
  let next = 1;
  const written: number[] = [0];
  const values: unknown[] = new Array<unknown>(c.ops);
  const outputs: unknown[] = new Array<unknown>(c.ops);
  const failed = new Uint8Array(c.ops);
  let previous = 0;
  for (const i of order) {
    const p = planned[i] as Planned;
    if (p.f === 'read') {
      values[i] = null;
      outputs[i] = value;
      continue;
    }
    const v = next++;
    if (p.f === 'write') {
      values[i] = v;
      outputs[i] = v;
      if (!p.info || p.effect) {
        previous = value;
        value = v;
        written.push(v);
      }
      continue;
    }
    // expected: usually current; sometimes the one before (a concurrent write replaced it)
    const from = rnd() < 0.85 ? value : previous;
    const arg = [from, v];
    values[i] = arg;
    outputs[i] = arg;
    if (from !== value) failed[i] = 1;
    else if (!p.info || p.effect) {
      previous = value;
      value = v;
      written.push(v);
    }
  }
  if (c.staleRead) {
    const at = order.findIndex((i, k) => k > (3 * c.ops) / 4 && planned[i]!.f === 'read');
    const i = order[at] as number;
    outputs[i] = written[Math.floor(written.length / 4)];
  }
  // events in time order
  const events: { t: number; i: number; invoke: boolean }[] = [];
  for (let i = 0; i < c.ops; i++) {
    const p = planned[i] as Planned;
    events.push({ t: p.call, i, invoke: true });
    events.push({ t: p.ret, i, invoke: false });
  }
  events.sort((a, b) => a.t - b.t);
  // Times (ns) start above 2^31 so that every `time` is a double: a field that turns from a
  // small integer into a double halfway through makes V8 migrate every op made before, on its
  // first read, which would cost the checker's first pass seconds that are not its own.
  const t0 = 2 ** 32;
  const history: Op[] = [
    { index: 0, time: t0, process: 0, type: 'invoke', f: 'write', key, value: 0 },
    { index: 1, time: t0 + 1, process: 0, type: 'ok', f: 'write', key, value: 0 },
  ];
  for (const e of events) {
    const p = planned[e.i] as Planned;
    const type = e.invoke ? 'invoke' : p.info ? 'info' : failed[e.i] ? 'fail' : 'ok';
    const value = e.invoke || p.info || failed[e.i] ? values[e.i] : outputs[e.i];
    history.push({
      index: history.length,
      time: t0 + Math.round(e.t * 1000),
      process: p.proc,
      type,
      f: p.f,
      key,
      value,
    });
  }
  return history;
}

interface Measured {
  readonly valid: boolean | 'unknown';
  readonly ms: number;
  /** CPU time of the process during the check (all threads: GC included). */
  readonly cpuMs: number;
  readonly rssMiB: number;
  readonly heapGrowthMiB: number;
  readonly estimateMiB: number;
  readonly fastPartitions: number;
  readonly prefix: number;
  readonly stuckIllegal: string;
}

/** In the child: generate, check once, print the measurement as JSON. */
async function runCase(c: Case): Promise<void> {
  const history = registerRun(c);
  const { result, heapGrowth } = await withHeapGrowth(async () => {
    const t = performance.now();
    const cpu0 = process.cpuUsage();
    const r = await checkLinearizability(history, {
      model: 'cas-register',
      verbose: true,
      timeLimitMs: 60_000,
    });
    return { r, ms: performance.now() - t, cpu: process.cpuUsage(cpu0) };
  }, 5);
  const { r, ms, cpu } = result;
  const ev = r.partitions.find((p) => p.valid === false)?.evidence;
  const out: Measured = {
    valid: r.valid,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssMiB: process.resourceUsage().maxRSS / 1024,
    heapGrowthMiB: heapGrowth / 2 ** 20,
    estimateMiB: r.peakCacheBytes / 2 ** 20,
    fastPartitions: r.uniqueValuePartitions ?? 0,
    prefix: ev?.longestPrefixes[0]?.length ?? 0,
    stuckIllegal: ev?.stuck.find((s) => s.why === 'illegal')?.op ?? '',
  };
  console.log(JSON.stringify(out));
}

function measure(c: Case): Measured {
  const r = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), CASE_FLAG, JSON.stringify(c)],
    { encoding: 'utf8', maxBuffer: 2 ** 24 },
  );
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.status !== 0 || !line.startsWith('{'))
    throw new Error(`case ${c.name} failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(line) as Measured;
}

const fmt = (xs: readonly number[], digits = 0): string => {
  const s = [...xs].sort((a, b) => a - b);
  const f = (x: number): string => x.toFixed(digits);
  return s.length === 1
    ? f(s[0] as number)
    : `${f(s[Math.floor(s.length / 2)] as number)} (${f(s[0] as number)}-${f(s.at(-1) as number)})`;
};

export async function run(): Promise<void> {
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
  const rows: (string | number)[][] = [];
  let missed = false;
  for (const c of CASES) {
    const ms: Measured[] = [];
    for (let i = 0; i < runs; i++) ms.push(measure(c));
    const first = ms[0] as Measured;
    const expected = !c.staleRead;
    const secs = ms.map((m) => m.ms / 1000);
    const rss = ms.map((m) => m.rssMiB);
    const ok =
      ms.every((m) => m.valid === expected) &&
      Math.max(...secs) < targetSeconds(c) &&
      Math.max(...rss) < RSS_TARGET_MIB &&
      (!c.staleRead || first.stuckIllegal !== '');
    if (!ok) missed = true;
    rows.push([
      c.name,
      String(first.valid),
      fmt(secs, 2),
      fmt(
        ms.map((m) => m.cpuMs / 1000),
        2,
      ),
      `< ${targetSeconds(c)}`,
      fmt(rss),
      fmt(ms.map((m) => m.heapGrowthMiB)),
      first.fastPartitions > 0 ? 'unique values' : 'search',
      c.staleRead ? `${first.prefix} ops, then ${first.stuckIllegal || '?'}` : '-',
      ok ? 'yes' : 'NO',
    ]);
    await Promise.resolve();
  }
  printTable(
    `long register histories, ${runs} run(s) each in a child process: median (min-max)`,
    [
      'case',
      'valid',
      'check s',
      'cpu s',
      'target s',
      'peak RSS MiB',
      'heap growth MiB',
      'path',
      'evidence',
      'met',
    ],
    rows,
  );
  console.log(`peak RSS target: < ${RSS_TARGET_MIB} MiB (history and checker together)`);
  if (missed) process.exitCode = 1;
}

if (process.argv[2] === CASE_FLAG) await runCase(JSON.parse(process.argv[3] ?? '{}') as Case);
