import type { StatsTally } from '../checker/stats.js';
import { FieldPairer } from '../history/fieldPairer.js';
import { fileByteChunks } from '../history/fileText.js';
import { decodeJsonlBatches, type ReadHistoryOptions } from '../history/jsonl.js';
import type { Op } from '../history/op.js';
import type { OpLineScanner } from '../history/opLineScanner.js';
import type { WorkloadStreamCheck } from '../../workloads/workload.js';
import type { FactsTally } from './lossEvidence.js';

/** Every op of a history file (plain or gzip), a chunk at a time (see `ReadHistoryOptions`). */
export async function eachOp(
  file: string,
  options: Pick<ReadHistoryOptions, 'clientOnly' | 'objectValue' | 'visit'>,
  fn: (op: Op) => void,
): Promise<void> {
  for await (const batch of decodeJsonlBatches(fileByteChunks(file), file, options)) {
    for (const op of batch) fn(op);
  }
}

/** What the check's one reading of a stored history found besides its tallies. */
export interface HistoryReading {
  events: number;
  hasFinalReads: boolean;
  /** Why the stats could not be counted (an invalid history), when they could not. */
  statsError?: unknown;
  /** Why the workload's streamed check could not go on, when it could not. */
  ownError?: unknown;
}

/**
 * The check's one reading of a stored history: every op to the loss-cause facts, the stats
 * and the workload's streamed check. When that check can take paired client ops
 * (`WorkloadStreamCheck.fields`), the client lines are decoded into fields, not op objects,
 * and paired once for the stats and the check together (`FieldPairer`); otherwise each op goes
 * to `stats.push` and `stream.push`. An error of the stats or the check stops only that one
 * (an unpaired completion, which stops the pairing, both); the reading goes on. Throws for a
 * file that cannot be read or is malformed.
 */
export async function readStoredHistory(
  file: string,
  tallies: { stats: StatsTally; facts: FactsTally; stream?: WorkloadStreamCheck<unknown> },
): Promise<HistoryReading> {
  const { stats, facts, stream } = tallies;
  const out: HistoryReading = { events: 0, hasFinalReads: false };
  const objectValue = stream?.scanFinalValue ? { objectValue: stream.scanFinalValue } : {};
  const paired = stream?.fields;
  if (paired === undefined) {
    await eachOp(file, objectValue, (op) => {
      out.events++;
      facts.push(op);
      if (op.process === 'final') out.hasFinalReads = true;
      if (out.statsError === undefined) {
        try {
          stats.push(op);
        } catch (e) {
          out.statsError = e;
        }
      }
      if (stream !== undefined && out.ownError === undefined) {
        try {
          stream.push(op);
        } catch (e) {
          out.ownError = e;
        }
      }
    });
    return out;
  }
  const pairer = new FieldPairer((process, f, id, invokeTime, done, doneTime, doneNode) => {
    stats.paired(f, done);
    if (out.ownError !== undefined) return;
    try {
      paired.paired(process, f, id, invokeTime, done, doneTime, doneNode);
    } catch (e) {
      out.ownError = e;
    }
  });
  let pairError: unknown;
  const failed = (e: unknown): void => {
    pairError = e;
    out.statsError ??= e;
    out.ownError ??= e;
  };
  const other = (op: Op): void => {
    facts.push(op);
    if (op.process === 'final') out.hasFinalReads = true;
    pairer.other();
    if (out.ownError === undefined) {
      try {
        paired.pushOther(op);
      } catch (e) {
        out.ownError = e;
      }
    }
  };
  const visit = {
    scanned: (s: OpLineScanner, buf: Uint8Array): void => {
      const index = out.events++;
      const p = s.process;
      if (typeof p !== 'number') {
        other(s.op(buf, index));
        return;
      }
      const node = s.node(buf);
      facts.pushClient(s.time, node);
      if (pairError !== undefined) return;
      try {
        if (s.type === 'invoke') pairer.invoke(p, s.f, paired.invokeIdScanned(s, buf), s.time);
        else pairer.complete(p, s.type, s.time, node, s.f, index);
      } catch (e) {
        failed(e);
      }
    },
    op: (op: Op): void => {
      out.events++;
      const p = op.process;
      if (typeof p !== 'number') {
        other(op);
        return;
      }
      facts.push(op);
      if (pairError !== undefined) return;
      try {
        pairer.pushOp(op, p, paired.invokeId);
      } catch (e) {
        failed(e);
      }
    },
  };
  await eachOp(file, { ...objectValue, visit }, () => undefined);
  if (pairError === undefined) pairer.finish();
  return out;
}
