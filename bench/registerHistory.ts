/**
 * A generated register history of any size, linearizable by construction, written as
 * `history.jsonl` without keeping anything in memory: 50 processes over 100 keys issue reads,
 * writes of fresh values, and compare-and-sets, each completing 50 events after its invoke.
 *
 * Every write and successful cas takes effect at its completion and every read at its
 * invoke, so a read returns the value of the latest write to its key completed before it was
 * invoked, and a cas succeeds only when its `from` is the key's value at its completion
 * (else it fails, and a failed cas never happened).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const PROCESSES = 50;
const KEYS = 100;
const CHUNK = 4 * 1024 * 1024;

interface InFlight {
  f: 'read' | 'write' | 'cas';
  key: number;
  /** write: the value; cas: [from, to]; read: the value it will return. */
  value: number | null | [number | null, number];
}

/** What `generateRegisterHistory` wrote. */
export interface GeneratedHistory {
  /** Events written (invokes and completions). */
  events: number;
  /** Client ops (invokes). */
  ops: number;
}

/** Write about `bytes` of history to `file`. */
export async function generateRegisterHistory(
  file: string,
  bytes: number,
): Promise<GeneratedHistory> {
  const out = createWriteStream(file);
  const pending: (InFlight | undefined)[] = new Array<InFlight | undefined>(PROCESSES);
  const current: (number | null)[] = new Array<number | null>(KEYS).fill(null);
  let written = 0;
  let index = 0;
  let ops = 0;
  let time = 0;
  const line = (p: number, type: string, op: InFlight): string =>
    `{"index":${index},"time":${time},"process":${p},"type":"${type}","f":"${op.f}","value":${JSON.stringify(op.value)},"key":"k${op.key}"}\n`;
  while (written < bytes) {
    let chunk = '';
    while (chunk.length < CHUNK) {
      const p = index % PROCESSES;
      time += 1000;
      const inFlight = pending[p];
      if (inFlight === undefined) {
        const key = (ops * 37) % KEYS;
        const pick = ops % 10;
        const op: InFlight =
          pick < 4
            ? { f: 'read', key, value: current[key] ?? null }
            : pick < 8
              ? { f: 'write', key, value: index }
              : { f: 'cas', key, value: [current[key] ?? null, index] };
        pending[p] = op;
        ops++;
        // a read's invoke carries no value
        chunk += line(p, 'invoke', op.f === 'read' ? { ...op, value: null } : op);
      } else {
        pending[p] = undefined;
        let type = 'ok';
        if (inFlight.f === 'write') current[inFlight.key] = inFlight.value as number;
        if (inFlight.f === 'cas') {
          const [from, to] = inFlight.value as [number | null, number];
          if (current[inFlight.key] === from && from !== null) current[inFlight.key] = to;
          else type = 'fail';
        }
        chunk += line(p, type, inFlight);
      }
      index++;
    }
    written += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { events: index, ops };
}
