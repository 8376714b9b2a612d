import type { HistoryWriter, OpInput } from '../history/jsonl.js';
import type { Workload, WorkloadOp } from '../../workloads/workload.js';
import type { RunClock } from './clock.js';
import type { RateLimiter } from './rateLimiter.js';
import type { Writer, WriteResult } from './writer.js';

/** Live counters the progress line reads. */
export interface WorkerCounters {
  ok: number;
  fail: number;
  info: number;
  /** Ops invoked and not yet completed. */
  inFlight: number;
}

export interface WorkersOptions {
  /** One writer per worker, in worker order; `writers.length` is the concurrency. */
  writers: readonly Writer[];
  workload: Workload<unknown>;
  history: HistoryWriter;
  clock: RunClock;
  rate: RateLimiter;
  /** Stop invoking new ops at this many ms on the clock. */
  deadlineMs: number;
  /** Aborted to stop early (SIGINT, run timeout); the op in flight still completes. */
  signal: AbortSignal;
  /** Pause after a `fail`/`info` so a refused connection does not spin. Default 50 ms. */
  backoffMs?: number;
}

/** Wait `ms` (none when 0 or less), or until `signal` aborts. */
export const abortableSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * Run the workers until the deadline or the abort signal. Each worker does one op at a time:
 * invoke recorded just before sending, completion just after the reply. After an `info` the
 * worker continues under a new process id (index + k * concurrency), as Jepsen does.
 */
export async function runWorkers(o: WorkersOptions, counters: WorkerCounters): Promise<void> {
  const concurrency = o.writers.length;
  const backoffMs = o.backoffMs ?? 50;
  let seq = 0;
  const perform = (writer: Writer, op: WorkloadOp): Promise<WriteResult> =>
    op.kind === 'read'
      ? writer.read(op.command)
      : op.kind === 'cas'
        ? writer.cas(op.commands)
        : writer.write(op.commands);
  /** One op by `process`: invoke recorded just before sending, completion just after. */
  const record = async (process: number, writer: Writer, op: WorkloadOp) => {
    counters.inFlight++;
    const invoke: OpInput = {
      time: o.clock.now(),
      process,
      type: 'invoke',
      f: op.f,
      value: op.value,
    };
    if (op.key !== undefined) invoke.key = op.key;
    o.history.append(invoke);
    const { outcome, node, redirects } = await perform(writer, op);
    const time = o.clock.now();
    counters.inFlight--;
    const value =
      outcome.type !== 'ok'
        ? op.value
        : op.kind === 'read'
          ? op.parse(outcome.value)
          : op.kind !== 'cas' && op.complete !== undefined
            ? op.complete(Array.isArray(outcome.value) ? outcome.value : [])
            : op.value;
    const completion: OpInput = { time, process, type: outcome.type, f: op.f, value };
    if (op.key !== undefined) completion.key = op.key;
    if (node !== undefined) completion.node = node;
    if (redirects !== undefined) completion.redirects = redirects;
    if (outcome.error !== undefined) completion.error = outcome.error;
    o.history.append(completion);
    counters[outcome.type]++;
    return outcome.type;
  };
  const worker = async (start: number, writer: Writer): Promise<void> => {
    let process = start;
    for (;;) {
      await o.rate.take();
      if (o.signal.aborted || o.clock.elapsedMs() >= o.deadlineMs) return;
      const type = await record(process, writer, o.workload.op(seq++));
      if (type === 'info') process += concurrency;
      if (type !== 'ok') await abortableSleep(backoffMs, o.signal);
    }
  };
  // The workload's initial ops, by the first worker, before the others start.
  const first = o.writers[0];
  let firstProcess = 0;
  for (const op of o.workload.initialOps ?? []) {
    if (first === undefined || o.signal.aborted) break;
    if ((await record(firstProcess, first, op)) === 'info') firstProcess += concurrency;
  }
  await Promise.all(o.writers.map((w, i) => worker(i === 0 ? firstProcess : i, w)));
}
