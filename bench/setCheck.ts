/**
 * The set checker at scale: a generated history of 1,000,000 `add` writes with the usual mix
 * (about 90% ok, 5% fail, 5% info), some lost, partial and unexpected elements, duplicates in
 * the list, a few fault windows, and three final reads of which one is the primary. Prints
 * writes per second and ms per million writes, best and spread of BENCH_RUNS (default 5).
 * Target: at most 2,000 ms per million writes.
 */
import { checkSet, type SetCheckResult, type SetFinalRead } from '../src/checker/set.js';
import type { Op } from '../src/history/op.js';
import { mulberry32 } from '../test/support/mulberry32.js';
import { printTable } from './table.js';

const WRITES = 1_000_000;
const TARGET_MS_PER_MILLION = 2000;

export interface GeneratedSetRun {
  history: Op[];
  finalReads: SetFinalRead[];
}

/**
 * `writes` writes by 20 workers; times advance 50 us per event. Of the ok writes, 0.5% are
 * lost and 0.2% partial; 2% of fail writes and half of the info writes are present; 0.1% of
 * list entries are duplicated. A partition every ~10% of the run, a kill in the middle.
 */
export function generateSetRun(writes: number, seed = 1): GeneratedSetRun {
  const random = mulberry32(seed);
  const history: Op[] = [];
  let time = 0;
  const push = (process: Op['process'], type: Op['type'], f: string, value: unknown): void => {
    history.push({ index: history.length, time: (time += 50_000), process, type, f, value });
  };
  const set: string[] = [];
  const list: string[] = [];
  const replicaSet: string[] = [];
  const workers = 20;
  const procs = Array.from({ length: workers }, (_, i) => i);
  const inFlight: (string | undefined)[] = new Array<string | undefined>(workers);
  let nextProcess = workers;
  for (let n = 0; n < writes; n++) {
    if (n % Math.max(1, Math.floor(writes / 10)) === 0 && n > 0) {
      push('nemesis', 'invoke', 'start-partition', null);
      push('nemesis', 'info', 'start-partition', { target: 'primary', description: 'n1 | n2 n3' });
    }
    if (n % Math.max(1, Math.floor(writes / 10)) === Math.floor(writes / 40)) {
      push('nemesis', 'invoke', 'stop-partition', null);
      push('nemesis', 'info', 'stop-partition', null);
    }
    if (n === Math.floor(writes / 2)) {
      push('nemesis', 'invoke', 'kill', null);
      push('nemesis', 'info', 'kill', { target: 'n2' });
    }
    if (n === Math.floor(writes / 2) + 1000) {
      push('nemesis', 'invoke', 'start', null);
      push('nemesis', 'info', 'start', { target: 'n2' });
    }
    const w = n % workers;
    const element = `e${n}`;
    push(procs[w] as number, 'invoke', 'add', element);
    inFlight[w] = element;
    // Complete the op of another worker, so ops overlap as they do in a run.
    const c = (n * 7 + 3) % workers;
    const pendingElement = inFlight[c];
    if (pendingElement === undefined) continue;
    inFlight[c] = undefined;
    const roll = random();
    const process = procs[c] as number;
    let present: boolean;
    if (roll < 0.9) {
      push(process, 'ok', 'add', pendingElement);
      present = random() >= 0.005;
    } else if (roll < 0.95) {
      push(process, 'fail', 'add', pendingElement);
      present = random() < 0.02;
    } else {
      push(process, 'info', 'add', pendingElement);
      procs[c] = nextProcess++;
      present = random() < 0.5;
    }
    if (present) {
      const r = random();
      if (r >= 0.001) set.push(pendingElement);
      if (r < 0.001 || r >= 0.002) list.push(pendingElement);
      if (random() < 0.001) list.push(pendingElement);
      if (random() < 0.99) replicaSet.push(pendingElement);
    }
  }
  // A few elements nobody wrote.
  for (let k = 0; k < 10; k++) {
    set.push(`x${k}`);
    list.push(`e${writes + k}`);
  }
  const finalReads: SetFinalRead[] = [
    { node: 'n1', primary: true, set, list },
    { node: 'n2', primary: false, set: replicaSet, list: replicaSet.slice() },
    { node: 'n3', primary: false, error: 'connection refused' },
  ];
  return { history, finalReads };
}

export async function run(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  let t = performance.now();
  const { history, finalReads } = generateSetRun(WRITES);
  const genS = (performance.now() - t) / 1000;
  const times: number[] = [];
  let result: SetCheckResult | undefined;
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    result = checkSet({ history, finalReads });
    times.push(performance.now() - t);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const best = Math.min(...times);
  const worst = Math.max(...times);
  const msPerMillion = (best * 1e6) / WRITES;
  const r = result as SetCheckResult;
  printTable(
    `checkSet on ${WRITES.toLocaleString('en-US')} writes (${history.length.toLocaleString('en-US')} events, generated in ${genS.toFixed(1)} s), ${runs} runs`,
    ['measure', 'value'],
    [
      ['writes per second (best)', Math.round((WRITES * 1000) / best)],
      ['ms per million writes (best)', Math.round(msPerMillion)],
      ['ms per run, best', Math.round(best)],
      ['ms per run, spread (worst - best)', Math.round(worst - best)],
      ['target ms per million', `<= ${TARGET_MS_PER_MILLION}`],
      ['result', msPerMillion <= TARGET_MS_PER_MILLION ? 'ok' : 'MISSED'],
    ],
  );
  console.log(
    `verdict ${String(r.valid)}: acknowledged ${r.acknowledged}, lost ${r.lost} (${r.lostDuringFaults} during faults), partial ${r.partial}, unexpected ${r.unexpected}, recovered ${r.recovered}, duplicated ${r.duplicated}`,
  );
  if (msPerMillion > TARGET_MS_PER_MILLION) process.exitCode = 1;
}
