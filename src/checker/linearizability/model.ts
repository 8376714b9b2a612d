/**
 * The model record of the linearizability checker: a sequential specification as a set of pure
 * functions, Porcupine-style. `defineModel` fills in the optional functions with defaults.
 */
import type { Op } from '../../history/op.js';
import { hashValue } from './hash.js';

/** Returned by `Model.step` when an operation cannot happen in the given state. */
export const ILLEGAL: unique symbol = Symbol('illegal');
export type Illegal = typeof ILLEGAL;

/** How an operation completed: `info` also covers an op that never completed. */
export type CompletionStatus = 'ok' | 'fail' | 'info';

/** One operation of a history: an invoke paired with its completion (if any). */
export interface CompletedOp {
  /** Position of the invoke in the history given to the checker. */
  readonly invokeIndex: number;
  /** Position of the completion in the history, or -1 if the op never completed. */
  readonly completionIndex: number;
  readonly process: number | string;
  readonly f: string;
  readonly key: string | undefined;
  readonly status: CompletionStatus;
  /** The invoke's value (the argument). */
  readonly input: unknown;
  /** The completion's value (the result); `undefined` if the op never completed. */
  readonly output: unknown;
}

/**
 * A sequential specification. `S` is the state, `I` the per-op input that `input` prepares once
 * per operation (so `step`, the hot path, does no parsing). Models created by name are fresh per
 * check, so they may keep memo tables.
 */
export interface Model<S = unknown, I = unknown> {
  /** Name shown in results (`cas-register`, `kv`, ...). */
  readonly name: string;
  /**
   * The state before any operation of partition `key` (see `partition`). Models with a
   * configurable initial value (the registers' `--init`) may give each key its own.
   */
  init(key: string): S;
  /**
   * Prepares an operation for `step`, once per check. Returns `undefined` to leave the op out
   * (a `fail` op that never happened, a read whose result is unknown). For `info` ops the result
   * is what the op would do if it took effect; the checker lets such ops take effect at any
   * point after their invocation, or never.
   */
  input(op: CompletedOp): I | undefined;
  /** The state after `input` is applied to `state`, or ILLEGAL if it could not happen. Pure. */
  step(state: S, input: I): S | Illegal;
  /** Whether two states are the same. Default `===`. */
  equal(a: S, b: S): boolean;
  /** A 32-bit hash consistent with `equal`. Default: a hash of the value. */
  hash(state: S): number;
  /** The partition (key) an op belongs to; ops of different partitions are checked apart. Default: one partition `""`. */
  partition(op: CompletedOp): string;
  /** A short human description of a state. Default: JSON. */
  describe(state: S): string;
  /** A short human description of an op. Default: `f input -> output`. */
  describeOp(op: CompletedOp): string;
  /**
   * A store for many prepared inputs by row, for checks of histories too large to keep as
   * objects. Default: an array of the inputs; a model whose inputs are a few numbers packs
   * them into typed arrays.
   */
  inputStore(): InputStore<I>;
  /**
   * Whether states are integer ids: two states are equal iff `===`, and `hash` returns the
   * state itself. The search then keeps states in its cache's records and compares them
   * there, without calling `equal` or `hash`. Default false.
   */
  readonly idStates?: boolean;
  /**
   * Approximate bytes of the model's own tables, for a model that interns its states (kept
   * for the whole check, counted in the memory budget). Optional: most models hold none.
   */
  bytes?(): number;
}

/** Prepared inputs by row (see `OpTable`). */
export interface InputStore<I> {
  set(row: number, input: I): void;
  get(row: number): I;
}

/** The default input store: the inputs themselves, in an array. */
export function arrayInputStore<I>(): InputStore<I> {
  const inputs: I[] = [];
  return {
    set: (row, input) => {
      inputs[row] = input;
    },
    get: (row) => inputs[row] as I,
  };
}

/** A model as written: `name`, `init`, `step` and `input` required; the rest optional. */
export type ModelSpec<S, I> = Pick<Model<S, I>, 'name' | 'init' | 'step' | 'input'> &
  Partial<Model<S, I>>;

function show(v: unknown): string {
  if (v === undefined) return '?';
  if (v === null) return 'nil';
  return JSON.stringify(v) ?? typeof v;
}

/** Default op description: `write 3`, `cas [1,2] -> fail`, `read -> 4`. */
export function defaultDescribeOp(op: CompletedOp): string {
  const key = op.key === undefined ? '' : `[${op.key}] `;
  const args = op.input === null || op.input === undefined ? '' : ` ${show(op.input)}`;
  const out =
    op.status === 'ok'
      ? op.output === op.input
        ? ''
        : ` -> ${show(op.output)}`
      : op.status === 'fail'
        ? ' -> fail'
        : ' -> info (unknown)';
  return `${key}${op.f}${args}${out}`;
}

const sameState = (a: unknown, b: unknown): boolean => a === b;
const onePartition = (): string => '';

/**
 * Fills in the optional functions of a model with their defaults. The defaults are the same
 * functions for every model (none is made per call): a model made for each check then calls
 * the same functions each check, and the search's call sites stay monomorphic.
 */
export function defineModel<S, I>(spec: ModelSpec<S, I>): Model<S, I> {
  return {
    equal: sameState,
    hash: hashValue,
    partition: onePartition,
    describe: show,
    describeOp: defaultDescribeOp,
    inputStore: arrayInputStore,
    ...spec,
  };
}

/** A raw history op, re-exported for model authors. */
export type { Op };
