/**
 * Register models: `cas-register` (Knossos's CASRegister) and `etcd` (Porcupine's etcdModel).
 * Values are interned, so a state is a small integer (0 = nil).
 *
 * cas-register, exactly as Knossos: initial value nil; `write v` sets v; `cas [old new]` is
 * legal iff the value is `old`; `read v` is legal iff the value is v, and a read of nil
 * constrains nothing (Knossos treats a nil read value as unknown); `fail` ops never happened.
 *
 * etcd, exactly as Porcupine's etcdModel: a read of nil is legal only when the register is nil;
 * a failed cas did happen and saw a value other than `old` (so it constrains the order); a
 * timed-out (`fail`/`info`) read constrains nothing.
 */
import { defineModel, ILLEGAL, type CompletedOp, type Model } from '../model.js';
import { Interner } from './interner.js';
import { invalidOp } from './invalidOp.js';

const READ = 0;
const WRITE = 1;
const CAS = 2;
const CAS_MISMATCH = 3;

/** A prepared register op: `kind` and its arguments as interned value ids. */
export interface RegisterInput {
  readonly kind: number;
  readonly a: number;
  readonly b: number;
}

type Flavor = 'knossos' | 'porcupine-etcd';

function casArgs(model: string, op: CompletedOp): [unknown, unknown] {
  const v = op.input ?? op.output;
  if (!Array.isArray(v) || v.length !== 2) throw invalidOp(model, op, 'cas with value [old new]');
  return [v[0], v[1]];
}

function registerModel(name: string, flavor: Flavor): Model<number, RegisterInput> {
  const values = new Interner();
  return defineModel<number, RegisterInput>({
    name,
    init: () => 0,
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
    step(state, op) {
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
    },
    // Keyed (independent) histories are checked per key, as Jepsen does.
    partition: (op) => op.key ?? '',
    hash: (s) => s,
    describe: (s) => (s === 0 ? 'nil' : (JSON.stringify(values.value(s)) ?? '?')),
  });
}

/** Knossos's compare-and-set register. */
export function casRegisterModel(): Model<number, RegisterInput> {
  return registerModel('cas-register', 'knossos');
}

/** Porcupine's etcdModel: a compare-and-set register where failed cas ops count. */
export function etcdModel(): Model<number, RegisterInput> {
  return registerModel('etcd', 'porcupine-etcd');
}
