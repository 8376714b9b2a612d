import { errorMessage } from '../src/errors.js';
import type { Deployment } from '../src/cluster/types.js';
import { createRandom } from '../src/common/random.js';
import type { FaultInterval } from '../src/history/faultInterval.js';
import { realClock, type Clock } from './clock.js';
import type { ActiveFault, Nemesis, NemesisContext, NemesisOp } from './nemesis.js';
import { FAULT_NAMES, faultKind, nemesisRegistry, type NemesisRegistry } from './registry.js';
import { overlapGroups, type ScheduledFault } from './schedule.js';
import { formatFaultSpec } from './spec.js';

export interface NemesisDriverOptions {
  readonly deployment: Deployment;
  /** Drawn by `drawSchedule` or spelled out by `explicitSchedule`; `[]` for `--nemesis none`. */
  readonly schedule: readonly ScheduledFault[];
  /** Appends a nemesis event to the history; the runner stamps index and time. */
  readonly record: (op: NemesisOp) => void;
  /** Nanoseconds since the run started (the history's clock). Default: since the driver was made. */
  readonly now?: () => number;
  /** Default: stderr. */
  readonly log?: (line: string) => void;
  /** Default: real time. */
  readonly clock?: Clock;
  /** Default: every fault kind's own nemesis (`nemesisRegistry()`). */
  readonly registry?: NemesisRegistry;
  /** The run's fault options by scenario field (`packetLoss: 0.3`). Default: none. */
  readonly options?: Readonly<Record<string, number | string>>;
}

/** Runs a fault schedule against a deployment and always leaves it healed. */
export interface NemesisDriver extends AsyncDisposable {
  /** Prepare the nodes for the scheduled faults (e.g. the REDCHECK chain). Call once, first. */
  setup(): Promise<void>;
  /**
   * Play the schedule, `at` counted from this call. Resolves when the last fault has ended or
   * as soon as `signal` aborts, after ending the fault in place (never leaves one running).
   * Never rejects because a fault failed: that is recorded and logged.
   */
  run(signal?: AbortSignal): Promise<FaultInterval[]>;
  /** Faults in place now, e.g. `partition:primary-with-clients n1 c1 | n2 n3 c2 c3` (progress line). */
  active(): string[];
  /** Every fault so far, with ns times; for `results.json`. */
  faults(): FaultInterval[];
  /**
   * End every fault of every kind on every node, whether or not this driver started it:
   * flush the REDCHECK chains, SIGCONT stopped processes, start down ones. Never throws.
   */
  healAll(): Promise<void>;
  /** Remove what setup installed (the REDCHECK chain and its jumps). Never throws. */
  teardown(): Promise<void>;
}

const stderrLog = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export function createNemesisDriver(options: NemesisDriverOptions): NemesisDriver {
  const origin = process.hrtime.bigint();
  const ctx: NemesisContext = {
    deployment: options.deployment,
    record: options.record,
    now: options.now ?? (() => Number(process.hrtime.bigint() - origin)),
    log: options.log ?? stderrLog,
    options: options.options ?? {},
  };
  const clock = options.clock ?? realClock;
  const registry = options.registry ?? nemesisRegistry();
  const nemeses = new Map<string, Nemesis>();
  for (const name of FAULT_NAMES) {
    const make = registry[name];
    if (make !== undefined) nemeses.set(name, make());
  }
  const get = (name: string): Nemesis => {
    const n = nemeses.get(name);
    if (n === undefined) throw new Error(`no nemesis registered for fault '${name}'`);
    return n;
  };
  const scheduledKinds = [...new Set(options.schedule.map((s) => s.spec.fault))];
  const records: FaultInterval[] = [];
  const inPlace = new Map<ScheduledFault, string>();
  let setUp = false;

  async function begin(
    item: ScheduledFault,
  ): Promise<{ fault: ActiveFault; record: FaultInterval } | undefined> {
    const info = faultKind(item.spec.fault);
    const text = formatFaultSpec(item.spec);
    ctx.log(`[nemesis] starting ${text}`);
    const invokedAt = ctx.now();
    const spec = { fault: item.spec.fault, target: item.spec.target ?? null };
    const window = {
      fault: item.spec.fault,
      ...(item.spec.target === undefined ? {} : { target: item.spec.target }),
    };
    /** The start's completion in the history: the spec, then what the start found. */
    const started = (found: Record<string, unknown>, error?: string): void =>
      ctx.record({
        process: 'nemesis',
        type: 'info',
        f: info.ops.start,
        value: { ...spec, ...found },
        ...(error === undefined ? {} : { error }),
      });
    ctx.record({ process: 'nemesis', type: 'invoke', f: info.ops.start, value: spec });
    try {
      const fault = await get(item.spec.fault).start(
        item.spec.target,
        createRandom(item.draw),
        ctx,
      );
      started(
        {
          ...fault.value,
          description: fault.description,
          // When the fault took hold, before it was verified: the window's start.
          at: fault.startedAt,
          verified: fault.verified,
        },
        fault.problem === undefined ? undefined : `not verified: ${fault.problem}`,
      );
      ctx.log(`[nemesis] started ${text}: ${fault.description}`);
      if (!fault.verified)
        ctx.log(`[nemesis] warning: ${text} not verified: ${fault.problem ?? ''}`);
      const record: FaultInterval = {
        ...window,
        description: fault.description,
        start: fault.startedAt,
        verified: fault.verified,
      };
      records.push(record);
      return { fault, record };
    } catch (e) {
      started({ started: false, verified: false }, errorMessage(e));
      ctx.log(`[nemesis] warning: ${text} could not start: ${errorMessage(e)}`);
      records.push({
        ...window,
        description: `not started: ${errorMessage(e)}`,
        start: invokedAt,
        verified: false,
      });
      return undefined;
    }
  }

  async function end(
    item: ScheduledFault,
    fault: ActiveFault,
    record: FaultInterval,
  ): Promise<void> {
    const info = faultKind(item.spec.fault);
    const text = formatFaultSpec(item.spec);
    const f = info.ops.stop ?? info.ops.start;
    ctx.log(`[nemesis] stopping ${text}`);
    ctx.record({
      process: 'nemesis',
      type: 'invoke',
      f,
      value: { fault: item.spec.fault, ...fault.value },
    });
    try {
      const outcome = await get(item.spec.fault).stop(fault, ctx);
      ctx.record({
        process: 'nemesis',
        type: 'info',
        f,
        value: {
          fault: item.spec.fault,
          ...outcome.value,
          // When the fault was undone, before that was verified: the window's end.
          at: outcome.endedAt,
          verified: outcome.verified,
        },
        ...(outcome.problem === undefined ? {} : { error: `not verified: ${outcome.problem}` }),
      });
      record.end = outcome.endedAt;
      if (!outcome.verified) {
        record.verified = false;
        record.description = `${record.description ?? ''} (stop not verified: ${outcome.problem ?? ''})`;
        ctx.log(`[nemesis] warning: stopping ${text} not verified: ${outcome.problem ?? ''}`);
      }
      ctx.log(`[nemesis] stopped ${text}`);
    } catch (e) {
      record.end = ctx.now();
      record.verified = false;
      ctx.record({
        process: 'nemesis',
        type: 'info',
        f,
        value: { fault: item.spec.fault, ...fault.value },
        error: errorMessage(e),
      });
      ctx.log(
        `[nemesis] warning: stopping ${text} failed (heal-all will retry): ${errorMessage(e)}`,
      );
    }
  }

  const driver: NemesisDriver = {
    async setup() {
      for (const k of scheduledKinds) await get(k).setup(ctx);
      setUp = true;
    },

    async run(signal) {
      const t0 = clock.nowMs();
      // One nemesis op at a time, as Jepsen's nemesis is one process: the history pairs each
      // start and stop with its completion even when the faults themselves overlap.
      let lock: Promise<unknown> = Promise.resolve();
      const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
        const next = lock.then(fn);
        lock = next.catch(() => undefined);
        return next;
      };
      const play = async (item: ScheduledFault): Promise<void> => {
        await clock.sleep(item.at - (clock.nowMs() - t0), signal);
        if (signal?.aborted) return;
        const started = await exclusive(() => begin(item));
        if (started === undefined) return;
        if (faultKind(item.spec.fault).instantaneous) return;
        inPlace.set(item, `${formatFaultSpec(item.spec)} ${started.fault.description}`);
        try {
          await clock.sleep(item.at + item.duration - (clock.nowMs() - t0), signal);
        } finally {
          await exclusive(() => end(item, started.fault, started.record));
          inPlace.delete(item);
        }
      };
      // Faults that do not overlap run one after the other, each ended before the next
      // starts; overlapping ones (a kill inside a partition) run side by side.
      for (const group of overlapGroups(options.schedule)) {
        if (signal?.aborted) break;
        await Promise.all(group.map(play));
      }
      return records.map((r) => ({ ...r }));
    },

    active: () => [...inPlace.values()],
    faults: () => records.map((r) => ({ ...r })),

    async healAll() {
      ctx.log('[nemesis] healing all');
      for (const k of nemeses.keys()) {
        try {
          await get(k).healAll(ctx);
        } catch (e) {
          ctx.log(`[nemesis] warning: heal ${k} failed: ${errorMessage(e)}`);
        }
      }
      ctx.log('[nemesis] healed all');
    },

    async teardown() {
      if (!setUp) return;
      for (const k of scheduledKinds) {
        try {
          await get(k).teardown(ctx);
        } catch (e) {
          ctx.log(`[nemesis] warning: teardown ${k} failed: ${errorMessage(e)}`);
        }
      }
      setUp = false;
    },

    async [Symbol.asyncDispose]() {
      await driver.healAll();
      await driver.teardown();
    },
  };
  return driver;
}
