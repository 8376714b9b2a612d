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
 * invoke time taken just before sending, completion time just after the reply. After an
 * `info` the worker continues under a new process id (index + k * concurrency), as Jepsen
 * does.
 *
 * After an `ok` with no wait for the rate limiter, the worker sends its next op first and
 * appends the two lines after (the last op's completion, then the new invoke), so the history
 * writer is not between a reply and the next request. Nothing else runs between taking those
 * times and appending them, so the history's order stays the order of its times.
 */
export async function runWorkers(o: WorkersOptions, counters: WorkerCounters): Promise<void> {
  const concurrency = o.writers.length;
  const backoffMs = o.backoffMs ?? 50;
  let seq = 0;
  /** Send `op` (the writer's chain is synchronous up to the socket write). */
  const perform = (writer: Writer, op: WorkloadOp): Promise<WriteResult> =>
    op.kind === 'read'
      ? writer.read(op.command)
      : op.kind === 'cas'
        ? writer.cas(op.commands)
        : writer.write(op.commands);
  // Every event is recorded through this one object, all its fields always present (absent
  // ones undefined, which the history leaves out): the writer reads one shape (fast property
  // loads) and no object is made per event. `record` keeps nothing of it.
  const event: { [K in keyof Required<OpInput>]: OpInput[K] } = {
    index: undefined,
    time: 0,
    process: 0,
    type: 'invoke',
    f: '',
    value: undefined,
    key: undefined,
    node: undefined,
    error: undefined,
    redirects: undefined,
  };
  const appendInvoke = (process: number, op: WorkloadOp, time: number): void => {
    event.time = time;
    event.process = process;
    event.type = 'invoke';
    event.f = op.f;
    event.value = op.value;
    event.key = op.key;
    event.node = undefined;
    event.error = undefined;
    event.redirects = undefined;
    o.history.record(event);
  };
  const appendCompletion = (
    process: number,
    op: WorkloadOp,
    result: WriteResult,
    time: number,
  ): void => {
    const { outcome, node, redirects } = result;
    const value =
      outcome.type !== 'ok'
        ? op.value
        : op.kind === 'read'
          ? op.parse(outcome.value)
          : op.kind !== 'cas' && op.complete !== undefined
            ? op.complete(Array.isArray(outcome.value) ? outcome.value : [])
            : op.value;
    event.time = time;
    event.process = process;
    event.type = outcome.type;
    event.f = op.f;
    event.value = value;
    event.key = op.key;
    event.node = node;
    event.error = outcome.error;
    event.redirects = redirects;
    o.history.record(event);
  };
  /**
   * The invoke time of the op `send` sent last: read right after `send`, before any await, so
   * no other worker's send comes between.
   */
  let sentAt = 0;
  /** Send `op`: its invoke time (`sentAt`), then the request. */
  const send = (writer: Writer, op: WorkloadOp): Promise<WriteResult> => {
    counters.inFlight++;
    sentAt = o.clock.now();
    return perform(writer, op);
  };
  /** `result` just came in: counted; its completion time (the caller appends it). */
  const received = (result: WriteResult): number => {
    const time = o.clock.now();
    counters.inFlight--;
    counters[result.outcome.type]++;
    return time;
  };
  const stopping = (): boolean => o.signal.aborted || o.clock.elapsedMs() >= o.deadlineMs;
  const worker = async (start: number, writer: Writer): Promise<void> => {
    let process = start;
    // The last op whose completion is not appended yet (`doneResult` undefined: none), kept in
    // locals rather than an object an op.
    let doneProcess = 0;
    let doneOp: WorkloadOp | undefined;
    let doneResult: WriteResult | undefined;
    let doneTime = 0;
    /** Appends the held completion, if there is one. */
    const appendDone = (): void => {
      if (doneResult === undefined) return;
      appendCompletion(doneProcess, doneOp as WorkloadOp, doneResult, doneTime);
      doneResult = undefined;
    };
    for (;;) {
      const wait = o.rate.take();
      if (wait !== undefined) {
        appendDone();
        await wait;
      }
      if (stopping()) break;
      const op = o.workload.op(seq++);
      const sent = send(writer, op);
      const time = sentAt;
      appendDone();
      appendInvoke(process, op, time);
      const result = await sent;
      doneTime = received(result);
      doneProcess = process;
      doneOp = op;
      doneResult = result;
      const type = result.outcome.type;
      if (type === 'ok') continue;
      appendDone();
      if (type === 'info') process += concurrency;
      await abortableSleep(backoffMs, o.signal);
    }
    appendDone();
  };
  // The workload's initial ops, by the first worker, before the others start.
  const first = o.writers[0];
  let firstProcess = 0;
  for (const op of o.workload.initialOps ?? []) {
    if (first === undefined || o.signal.aborted) break;
    const sent = send(first, op);
    appendInvoke(firstProcess, op, sentAt);
    const result = await sent;
    appendCompletion(firstProcess, op, result, received(result));
    if (result.outcome.type === 'info') firstProcess += concurrency;
  }
  await Promise.all(o.writers.map((w, i) => worker(i === 0 ? firstProcess : i, w)));
}
