/**
 * Key-value models after Porcupine's kvModel and kvNoPartitionModel: `get k -> v` (a missing
 * key reads as ""), `put k v`, `append k v`. Strings are interned and appends memoized, so a
 * per-key state is a small integer and a step allocates nothing in the common case.
 *
 * - `kv`: checked per key (P-compositionality); the state is the key's value.
 * - `kv-single`: the whole map checked as one history (kvNoPartitionModel); the state is the
 *   vector of value ids, one per key, with an incrementally maintained hash.
 */
import { mix32 } from '../hash.js';
import { defineModel, ILLEGAL, type CompletedOp, type Model } from '../model.js';
import { invalidOp } from './invalidOp.js';

const GET = 0;
const PUT = 1;
const APPEND = 2;

/** Interned strings: id 0 is "". Appends are memoized per (op, state). */
class Strings {
  private readonly ids = new Map<string, number>([['', 0]]);
  readonly values: string[] = [''];

  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(s);
      this.ids.set(s, id);
    }
    return id;
  }
}

/** A prepared kv op: kind, the key's index, the argument or expected result id, append memo. */
export interface KvInput {
  readonly kind: number;
  readonly keyIndex: number;
  readonly arg: number;
  readonly text: string;
  readonly memo: Map<number, number> | undefined;
}

function asText(model: string, op: CompletedOp, v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  throw invalidOp(model, op, 'a string value');
}

function prepare(
  model: string,
  strings: Strings,
  keyIndex: (k: string) => number,
  op: CompletedOp,
): KvInput | undefined {
  if (op.status === 'fail') return undefined;
  const k = keyIndex(op.key ?? '');
  switch (op.f) {
    case 'get':
    case 'read':
      if (op.status !== 'ok') return undefined;
      return {
        kind: GET,
        keyIndex: k,
        arg: strings.id(asText(model, op, op.output)),
        text: '',
        memo: undefined,
      };
    case 'put':
    case 'write':
      return {
        kind: PUT,
        keyIndex: k,
        arg: strings.id(asText(model, op, op.input ?? op.output)),
        text: '',
        memo: undefined,
      };
    case 'append':
      return {
        kind: APPEND,
        keyIndex: k,
        arg: 0,
        text: asText(model, op, op.input ?? op.output),
        memo: new Map(),
      };
    default:
      throw invalidOp(model, op, 'f get, put or append');
  }
}

function appended(strings: Strings, cur: number, op: KvInput): number {
  const memo = op.memo as Map<number, number>;
  let next = memo.get(cur);
  if (next === undefined) {
    next = strings.id((strings.values[cur] ?? '') + op.text);
    memo.set(cur, next);
  }
  return next;
}

/** kvModel: one key's value, checked per key. */
export function kvModel(): Model<number, KvInput> {
  const strings = new Strings();
  return defineModel<number, KvInput>({
    name: 'kv',
    init: () => 0,
    input: (op) => prepare('kv', strings, () => 0, op),
    step(state, op) {
      if (op.kind === GET) return state === op.arg ? state : ILLEGAL;
      if (op.kind === PUT) return op.arg;
      return appended(strings, state, op);
    },
    hash: (s) => s,
    partition: (op) => op.key ?? '',
    describe: (s) => JSON.stringify(strings.values[s] ?? ''),
  });
}

/** A whole-map state: value id per key index (missing = 0 = ""), and its hash. */
export interface KvMapState {
  readonly v: readonly number[];
  readonly h: number;
}

function slotHash(k: number, id: number): number {
  return id === 0 ? 0 : mix32(Math.imul(k + 1, 0x9e3779b1) ^ id);
}

/** kvNoPartitionModel: the whole map as one register-like object, one history. */
export function kvSingleModel(): Model<KvMapState, KvInput> {
  const strings = new Strings();
  const keys = new Map<string, number>();
  const keyNames: string[] = [];
  const keyIndex = (k: string): number => {
    let i = keys.get(k);
    if (i === undefined) {
      i = keyNames.length;
      keyNames.push(k);
      keys.set(k, i);
    }
    return i;
  };
  const set = (s: KvMapState, k: number, id: number): KvMapState => {
    const old = s.v[k] ?? 0;
    if (old === id) return s;
    const v = s.v.slice();
    while (v.length <= k) v.push(0);
    v[k] = id;
    return { v, h: s.h ^ slotHash(k, old) ^ slotHash(k, id) };
  };
  return defineModel<KvMapState, KvInput>({
    name: 'kv-single',
    init: () => ({ v: [], h: 0 }),
    input: (op) => prepare('kv-single', strings, keyIndex, op),
    step(state, op) {
      const cur = state.v[op.keyIndex] ?? 0;
      if (op.kind === GET) return cur === op.arg ? state : ILLEGAL;
      if (op.kind === PUT) return set(state, op.keyIndex, op.arg);
      return set(state, op.keyIndex, appended(strings, cur, op));
    },
    equal(a, b) {
      if (a.h !== b.h) return false;
      const n = Math.max(a.v.length, b.v.length);
      for (let i = 0; i < n; i++) if ((a.v[i] ?? 0) !== (b.v[i] ?? 0)) return false;
      return true;
    },
    hash: (s) => s.h,
    describe(s) {
      const entries = s.v.flatMap((id, i) =>
        id === 0 ? [] : [`${JSON.stringify(keyNames[i])}: ${JSON.stringify(strings.values[id])}`],
      );
      return `{${entries.join(', ')}}`;
    },
  });
}
