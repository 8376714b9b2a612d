/**
 * Register models: `cas-register` (Knossos's CASRegister) and `etcd` (Porcupine's etcdModel).
 * Values are interned, so a state is a small integer (0 = nil).
 *
 * The initial value is nil unless given (`init`, or per key `initByKey`, as Knossos's
 * `(cas-register 0)`): starting at v is the same as a completed `write v` before every op.
 *
 * cas-register, exactly as Knossos: `write v` sets v; `cas [old new]` is
 * legal iff the value is `old`; `read v` is legal iff the value is v, and a read of nil
 * constrains nothing (Knossos treats a nil read value as unknown); `fail` ops never happened.
 *
 * etcd, exactly as Porcupine's etcdModel: a read of nil is legal only when the register is nil;
 * a failed cas did happen and saw a value other than `old` (so it constrains the order); a
 * timed-out (`fail`/`info`) read constrains nothing.
 */
import { RedcheckError } from '../../../errors.js';
import {
  defineModel,
  ILLEGAL,
  type CompletedOp,
  type Illegal,
  type InputStore,
  type Model,
} from '../model.js';
import { Int32Column, Uint8Column } from '../opTable.js';
import { Interner } from './interner.js';
import { invalidOp } from './invalidOp.js';

/** `RegisterInput.kind`: a read of `a`. */
export const READ = 0;
/** `RegisterInput.kind`: a write of `a`. */
export const WRITE = 1;
/** `RegisterInput.kind`: a compare-and-set from `a` to `b`. */
export const CAS = 2;
/** `RegisterInput.kind`: a cas that failed, so the value was not `a` (etcd only). */
export const CAS_MISMATCH = 3;

/** A value a register can start with: a number, a string, or nil (`null`). */
export type RegisterValue = number | string | null;

/** Initial values of a register model: one for every key, and per key. */
export interface RegisterInit {
  /** The initial value of every key not in `initByKey`. Default nil. */
  readonly init?: RegisterValue;
  /** Initial values per key (partition). */
  readonly initByKey?: Readonly<Record<string, RegisterValue>>;
}

/** A register model, for checkers that use what its values say (see `uniqueValues.ts`). */
export interface RegisterModel extends Model<number, RegisterInput> {
  readonly register: {
    /** `knossos`: a nil read and a failed cas constrain nothing; `porcupine-etcd`: both count. */
    readonly flavor: Flavor;
  };
}

/** Whether `m` is one of this file's register models. */
export function isRegisterModel(m: Model<unknown, unknown>): m is RegisterModel {
  return (m as Partial<RegisterModel>).register !== undefined;
}

function checkValue(model: string, what: string, v: unknown): RegisterValue {
  if (v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))
    return v;
  throw new RedcheckError(
    'E_OPTION_INVALID',
    `model ${model}: ${what} must be a number, a string or nil, got ${JSON.stringify(v) ?? typeof v}`,
    'Give the register a number, a string or nil as its initial value (e.g. --init 0).',
  );
}

/** A prepared register op: `kind` and its arguments as interned value ids. */
export interface RegisterInput {
  readonly kind: number;
  readonly a: number;
  readonly b: number;
}

/** Which register semantics: Knossos's cas-register or Porcupine's etcdModel. */
export type Flavor = 'knossos' | 'porcupine-etcd';

function casArgs(model: string, op: CompletedOp): [unknown, unknown] {
  const v = op.input ?? op.output;
  if (!Array.isArray(v) || v.length !== 2) throw invalidOp(model, op, 'cas with value [old new]');
  return [v[0], v[1]];
}

/** Register inputs packed into typed arrays: 9 bytes an op. */
function registerInputStore(): InputStore<RegisterInput> {
  const kind = new Uint8Column();
  const a = new Int32Column();
  const b = new Int32Column();
  return {
    set(row, input) {
      kind.set(row, input.kind);
      a.set(row, input.a);
      b.set(row, input.b);
    },
    get: (row) => ({ kind: kind.get(row), a: a.get(row), b: b.get(row) }),
  };
}

/**
 * A register's step. Module-level, as `keyOf` and `idHash`: a model is made for each check, and
 * functions made with it would be new at the search's call sites every check.
 */
function registerStep(state: number, op: RegisterInput): number | Illegal {
  switch (op.kind) {
    case READ:
      return state === op.a ? state : ILLEGAL;
    case WRITE:
      return op.a;
    case CAS:
      return state === op.a ? op.b : ILLEGAL;
    default:
      return state !== op.a ? state : ILLEGAL;
  }
}

/** Keyed (independent) histories are checked per key, as Jepsen does. */
const keyOf = (op: CompletedOp): string => op.key ?? '';
const idHash = (s: number): number => s;

function registerModel(name: string, flavor: Flavor, o: RegisterInit): RegisterModel {
  const values = new Interner();
  const dflt = values.id(
    o.init === undefined ? null : checkValue(name, 'the initial value', o.init),
  );
  const byKey = new Map<string, number>();
  for (const [k, v] of Object.entries(o.initByKey ?? {}))
    byKey.set(k, values.id(checkValue(name, `the initial value of key ${JSON.stringify(k)}`, v)));
  const model = defineModel<number, RegisterInput>({
    name,
    init: (key) => byKey.get(key) ?? dflt,
    input(op) {
      switch (op.f) {
        case 'read':
          if (op.status !== 'ok') return undefined;
          if (flavor === 'knossos' && (op.output === null || op.output === undefined))
            return undefined;
          return { kind: READ, a: values.id(op.output), b: 0 };
        case 'write':
          if (op.status === 'fail') return undefined;
          return { kind: WRITE, a: values.id(op.input ?? op.output), b: 0 };
        case 'cas': {
          const [from, to] = casArgs(name, op);
          if (op.status === 'fail') {
            return flavor === 'porcupine-etcd'
              ? { kind: CAS_MISMATCH, a: values.id(from), b: 0 }
              : undefined;
          }
          return { kind: CAS, a: values.id(from), b: values.id(to) };
        }
        default:
          throw invalidOp(name, op, 'f read, write or cas');
      }
    },
    step: registerStep,
    partition: keyOf,
    hash: idHash,
    idStates: true,
    inputStore: registerInputStore,
    describe: (s) => (s === 0 ? 'nil' : (JSON.stringify(values.value(s)) ?? '?')),
  });
  return { ...model, register: { flavor } };
}

/** Knossos's compare-and-set register. */
export function casRegisterModel(o: RegisterInit = {}): RegisterModel {
  return registerModel('cas-register', 'knossos', o);
}

/** Porcupine's etcdModel: a compare-and-set register where failed cas ops count. */
export function etcdModel(o: RegisterInit = {}): RegisterModel {
  return registerModel('etcd', 'porcupine-etcd', o);
}
