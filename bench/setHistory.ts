/**
 * A generated set-workload history shaped like a long default run's (`history.jsonl.gz`, the
 * run's own writer): `adds` writes of `e<n>` by 10 processes against n1 (`ok`, with a burst
 * of `info` during each kill and a few `fail`), a kill and restart of the primary every
 * `faultEvery` writes, then the final reads of n1 (primary), n2 and n3 (replicas) in pages of
 * 10,000 elements as the run stores them. One write in 2,000 acknowledged is left out of the
 * final state (lost), one in 5,000 is on n1 in the set only (partial). Deterministic.
 */
import { HistoryWriter } from '../src/history/historyWriter.js';

export interface GeneratedSetHistory {
  /** History lines written (every event, final reads included). */
  events: number;
  acknowledged: number;
  lost: number;
}

const PROCESSES = 10;
const PAGE = 10_000;

export async function generateSetHistory(
  file: string,
  adds: number,
  faultEvery = 200_000,
): Promise<GeneratedSetHistory> {
  const w = HistoryWriter.open(file, { fsyncOnClose: false });
  let time = 18_000_000;
  const outcome = new Uint8Array(adds); // 0 ok, 1 fail, 2 info
  let acknowledged = 0;
  let lost = 0;
  for (let n = 0; n < adds; n++) {
    const p = n % PROCESSES;
    time += 4_000 + ((n * 7919) % 50_000);
    w.append({ time, process: p, type: 'invoke', f: 'add', value: `e${n}` });
    if (n % faultEvery === faultEvery / 2) {
      w.append({
        time,
        process: 'nemesis',
        type: 'invoke',
        f: 'kill',
        value: { fault: 'kill', target: 'primary' },
      });
      w.append({
        time: time + 1,
        process: 'nemesis',
        type: 'info',
        f: 'kill',
        value: { fault: 'kill', target: 'primary', node: 'n1', at: time, verified: true },
      });
    }
    const inFault = n % faultEvery >= faultEvery / 2 && n % faultEvery < faultEvery / 2 + 500;
    time += 3_000;
    const type = inFault ? 'info' : n % 9973 === 5 ? 'fail' : 'ok';
    outcome[n] = type === 'ok' ? 0 : type === 'fail' ? 1 : 2;
    if (type === 'ok') acknowledged++;
    w.append({
      time,
      process: p,
      type,
      f: 'add',
      value: `e${n}`,
      node: 'n1',
      ...(type === 'ok' ? {} : { error: type === 'info' ? 'read ECONNRESET' : 'READONLY' }),
    });
  }
  const present = (n: number): boolean => {
    const o = outcome[n] as number;
    if (o === 1) return false;
    if (o === 0 && n % 2000 === 7) {
      lost++;
      return false;
    }
    return o === 0 || n % 2 === 0;
  };
  const inSet: string[] = [];
  for (let n = 0; n < adds; n++) if (present(n)) inSet.push(`e${n}`);
  const nodes = [
    ['n1', 'primary'],
    ['n2', 'replica'],
    ['n3', 'replica'],
  ] as const;
  for (const [node, role] of nodes) {
    const pages = Math.max(1, Math.ceil(inSet.length / PAGE));
    for (let page = 0; page < pages; page++) {
      time += 1_000_000;
      w.append({ time, process: 'final', type: 'invoke', f: 'final-read', value: null, node });
      const slice = inSet.slice(page * PAGE, (page + 1) * PAGE);
      const list = node === 'n1' ? slice.filter((e) => Number(e.slice(1)) % 5000 !== 11) : slice;
      time += 50_000_000;
      w.append({
        time,
        process: 'final',
        type: 'ok',
        f: 'final-read',
        value: { role, page, last: page === pages - 1, state: { set: slice, list } },
        node,
      });
    }
  }
  const events = w.count;
  await w.close();
  return { events, acknowledged, lost };
}
