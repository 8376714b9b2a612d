import type { Deployment } from '../src/cluster/types.js';
import type { Random } from '../src/common/random.js';

/** A history event the nemesis emits; the runner stamps `index` and `time`. */
export interface NemesisOp {
  readonly process: 'nemesis';
  readonly type: 'invoke' | 'info';
  /** `start-partition`, `stop-partition`, `kill`, `start`, `pause`, `resume`, `failover`. */
  readonly f: string;
  readonly value: unknown;
  readonly error?: string;
}

/** What a nemesis needs from the run. */
export interface NemesisContext {
  readonly deployment: Deployment;
  /** Append an event to the run's history (the runner assigns index and time). */
  readonly record: (op: NemesisOp) => void;
  /** Nanoseconds since the run started, on the history's clock. */
  readonly now: () => number;
  /** One log line; callers prefix nothing, the nemesis writes `[nemesis] ...`. */
  readonly log: (line: string) => void;
  /** The fault options of the run, by scenario field (`packetLoss: 0.3`), defaults filled in. */
  readonly options: Readonly<Record<string, number | string>>;
}

/** A fault in place, as `start` left it; `stop` takes it back. */
export interface ActiveFault {
  /** The fault kind's name. */
  readonly kind: string;
  /** The target as the spec gave it (`primary-with-clients`, `primary`, `n2`). */
  readonly target: string | undefined;
  /** Nodes acted on (the killed or paused node; every node holding partition rules). */
  readonly nodes: readonly string[];
  /** JSON value for the history, e.g. `{groups: [["n1","c1"],["n2","n3","c2","c3"]]}`. */
  readonly value: Readonly<Record<string, unknown>>;
  /** Human description, e.g. `n1 c1 | n2 n3 c2 c3`. */
  readonly description: string;
  /** `ctx.now()` just after the fault was injected, before verification. */
  readonly startedAt: number;
  /** Whether the fault was seen to take effect; `problem` says what was seen when not. */
  readonly verified: boolean;
  readonly problem?: string;
}

/** How ending a fault went. */
export interface StopOutcome {
  /** `ctx.now()` just after the fault was undone, before verification. */
  readonly endedAt: number;
  readonly value: Readonly<Record<string, unknown>>;
  readonly verified: boolean;
  readonly problem?: string;
}

/**
 * One kind of fault, in the shape of Jepsen's nemesis protocol. A nemesis holds no state
 * between calls beyond what `ActiveFault` carries, so one instance serves a whole run.
 */
export interface Nemesis {
  /** The fault kind's name. */
  readonly kind: string;
  /**
   * Prepare every node for this fault (e.g. install the REDCHECK chain). Called once before
   * the first `start`; idempotent; throws when a node cannot be prepared.
   */
  setup(ctx: NemesisContext): Promise<void>;
  /**
   * Inject the fault on `target`, drawing any random choice from `rng`, then check that it
   * took effect. Resolves with the fault in place (possibly `verified: false`); throws only
   * when nothing was injected (e.g. no primary to target), leaving nothing behind.
   */
  start(target: string | undefined, rng: Random, ctx: NemesisContext): Promise<ActiveFault>;
  /**
   * End a fault `start` returned (for instantaneous faults: nothing to undo) and check that
   * it ended. Throws only when it could not be undone; `healAll` still repairs it.
   */
  stop(fault: ActiveFault, ctx: NemesisContext): Promise<StopOutcome>;
  /**
   * Undo every effect this kind of fault can have on every node, whatever state the run is in
   * (interrupted, crashed midway). Idempotent; never throws: problems are logged.
   */
  healAll(ctx: NemesisContext): Promise<void>;
  /** Remove what `setup` installed. Idempotent; never throws. */
  teardown(ctx: NemesisContext): Promise<void>;
}

/**
 * `stop`, `healAll` and `teardown` of an instantaneous fault (failover, migrate): nothing to
 * undo, heal or remove; `stop` says so at once with the start's value.
 */
export const NOTHING_TO_UNDO: Pick<Nemesis, 'stop' | 'healAll' | 'teardown'> = {
  stop: (fault, ctx) => Promise.resolve({ endedAt: ctx.now(), value: fault.value, verified: true }),
  async healAll() {},
  async teardown() {},
};
