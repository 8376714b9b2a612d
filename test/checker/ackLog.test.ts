import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { AckLog } from '../../src/checker/setStream/ackLog.js';
import { RedcheckError } from '../../src/errors.js';

type Ack = [number, number, number, number, string | undefined];

/** Times as a run writes them (whole ns, in order, short latencies) and the odd ones out. */
const timeArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 2 ** 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(0.5, -3, 2 ** 52, 2 ** 53 + 2, Infinity, NaN) },
  { weight: 1, arbitrary: fc.double() },
);
const ackArb: fc.Arbitrary<Ack> = fc
  .tuple(
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 30 }) },
      { weight: 1, arbitrary: fc.constantFrom(-(2 ** 31), 2 ** 31, 2 ** 40, 1.5, -7, -0) },
    ),
    timeArb,
    fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 2 ** 33 }) },
      { weight: 1, arbitrary: timeArb },
    ),
    fc.option(fc.constantFrom('n1', 'n2', 'n3', 'shard-2:n7'), { nil: undefined }),
  )
  .map(([element, process, invoke, latency, node]): Ack => {
    const done = Number.isInteger(latency) && latency <= 2 ** 33 ? invoke + latency : latency;
    return [element, process, invoke, done, node];
  });

function same(a: readonly Ack[], b: readonly Ack[]): void {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) {
    for (let k = 0; k < 5; k++) {
      assert.ok(Object.is(a[i]?.[k], b[i]?.[k]), `ack ${i} field ${k}: ${a[i]?.[k]} ${b[i]?.[k]}`);
    }
  }
}

describe('AckLog: the acknowledged adds kept on disk until the final reads are known', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'redcheck-acklog-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replays every add exactly as given, in order, whatever the block size (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(ackArb, { maxLength: 200 }),
        fc.integer({ min: 1, max: 16 }),
        (acks, block) => {
          const log = new AckLog(dir, block * 8);
          for (const a of acks) log.add(...a);
          assert.equal(log.length, acks.length);
          const back: Ack[] = [];
          log.replay((...a) => back.push(a));
          same(back, acks);
          assert.deepEqual(readdirSync(dir), [], 'the scratch file is unlinked when opened');
        },
      ),
      { seed: 2206, numRuns: 300 },
    );
  });

  it('keeps more nodes than its 16-bit column holds', () => {
    const log = new AckLog(dir, 1024);
    const acks: Ack[] = [];
    for (let i = 0; i < 70_000; i++) acks.push([i, i % 10, i * 1000, i * 1000 + 5, `n${i}`]);
    for (const a of acks) log.add(...a);
    const back: Ack[] = [];
    log.replay((...a) => back.push(a));
    same(back, acks);
  });

  it('falls back to the temporary folder when the history folder cannot take a file', () => {
    const log = new AckLog(join(dir, 'missing', 'folder'), 8);
    const acks: Ack[] = Array.from({ length: 20 }, (_, i): Ack => [i, 1, i, i + 1, 'n1']);
    for (const a of acks) log.add(...a);
    const back: Ack[] = [];
    log.replay((...a) => back.push(a));
    same(back, acks);
  });

  it('says what to do when no folder can take the scratch file (E_CHECK_SCRATCH)', () => {
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = join(dir, 'no-tmp');
    try {
      const log = new AckLog(join(dir, 'no-history-dir'), 8);
      for (let i = 0; i < 7; i++) log.add(i, 0, i, i + 1, undefined);
      assert.throws(
        () => log.add(7, 0, 7, 8, undefined),
        (e: unknown) =>
          e instanceof RedcheckError &&
          e.code === 'E_CHECK_SCRATCH' &&
          e.message.includes('no-history-dir') &&
          /free some space/.test(e.fix ?? ''),
      );
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});
