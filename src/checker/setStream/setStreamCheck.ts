import { activeFaults, describeFault, type FaultInterval } from '../../history/faultInterval.js';
import type { Op, OpType } from '../../history/op.js';
import { FieldPairer, type FieldPairHandler } from '../../history/fieldPairer.js';
import type { SetCheckResult, SetWriteDetail } from '../set.js';
import { ElementColumn, ElementSpace } from './elementColumn.js';
import { LostWriteColumnsBuilder, type LostWriteColumns } from './lostWriteColumns.js';
import { emptySetResult } from '../setResult.js';
import { activeFaultAt } from './setResultParts.js';
import {
  IN_LIST,
  IN_SET,
  LIST_TWICE,
  streamNodeDiffs,
  type NodeEntry,
  type NodeRead,
} from './streamNodeDiffs.js';
import { ScannedSetState, setPageScanner, type ScannedElements } from './setPageScanner.js';
import {
  ValueKind,
  type ObjectValueScanner,
  type OpLineScanner,
} from '../../history/opLineScanner.js';
import { elementNumberOf } from './setPageScanner.js';
import { judgedPrimary } from './judgedPrimary.js';
import { AckLog } from './ackLog.js';

/** One page of a node's final state, as the workload stores it. */
export interface SetPage {
  set: readonly string[];
  list: readonly string[];
}

export interface SetStreamCheckOptions {
  /** The history `f` and process of final reads. */
  finalRead: { f: string; process: string };
  /** A stored page's state, checked (throws saying what was expected). */
  parsePage(stored: unknown): SetPage;
  /** Cap on each listed category (counts are always complete). Default 1000. */
  maxListed?: number;
  /** Redis Cluster: the shard of an element, from the primaries' slots (known at the end). */
  shardOf?: (element: string, primaries: readonly NodeRead[]) => string | undefined;
  /** Where the acknowledged adds are kept until the final reads are known (`AckLog`). */
  scratchDir?: string;
  /** Acknowledged adds held in memory before they go to the scratch file (`AckLog`). */
  scratchBlockRecords?: number;
}

export type { NodeRead } from './streamNodeDiffs.js';

// Write flags (four bits an element, see ElementColumn): written, and the outcome of its last
// write; lost.
const OUTCOMES: readonly (OpType | 'none')[] = ['ok', 'fail', 'info', 'none'];
const {
  written: WRITTEN,
  outcomeShift: OUTCOME_SHIFT,
  lost: LOST,
} = {
  written: 1,
  outcomeShift: 1,
  lost: 8,
} as const;
const OUTCOME_MASK = 3 << OUTCOME_SHIFT;
// Outcomes by their place in OUTCOMES.
const [OK, FAIL] = [0, 1] as const;

/**
 * The set checker over a history read as a stream, in memory flat in the run's length: four
 * bits an element for the writes and four bits an element a node for the final reads (`e<n>` indexes
 * typed arrays; see `ElementSpace`). One reading (`push`) counts everything and keeps the
 * acknowledged adds on disk (`AckLog`); at its end (`endReading`), once the final reads say
 * which writes were lost, those are replayed to find the times and nodes of the lost writes,
 * all of them into `LostWriteColumns`, the first `maxListed` with their faults.
 * Gives the same counts as `checkSet` (held together by a property test); where a history
 * writes one element twice, the write that completed last counts (`checkSet`: the one invoked
 * last).
 */
export class SetStreamCheck {
  private readonly space = new ElementSpace();
  private readonly writes = new ElementColumn();
  private readonly nodes = new Map<string, { read: NodeRead; flags: ElementColumn }>();
  private readonly pairer: FieldPairer;
  private primary: { read: NodeRead; flags: ElementColumn } | undefined;
  private primaries: NodeRead[] = [];
  private lostBuilder: LostWriteColumnsBuilder | undefined;
  private readonly result: SetCheckResult;
  private faults: readonly FaultInterval[] = [];
  private readonly maxListed: number;
  private readonly acks: AckLog;
  private truncated = new Set<string>();

  private shardOf: SetStreamCheckOptions['shardOf'];

  constructor(private readonly o: SetStreamCheckOptions) {
    this.maxListed = o.maxListed ?? 1000;
    this.scanFinalValue = setPageScanner(o.finalRead.f);
    this.shardOf = o.shardOf;
    this.result = emptySetResult(true);
    this.acks = new AckLog(o.scratchDir, o.scratchBlockRecords);
    this.pairer = new FieldPairer(this.paired);
  }

  /** Every op of the history, in order. */
  push(op: Op): void {
    const p = op.process;
    if (typeof p === 'number') {
      this.pairer.pushOp(op, p, this.invokeId);
    } else {
      this.pairer.other();
      this.pushOther(op);
    }
  }

  /**
   * An op of no client (a final read, a nemesis op), for a reader that pairs the client ops
   * itself and hands them to `paired`.
   */
  pushOther(op: Op): void {
    if (op.process === this.o.finalRead.process && op.f === this.o.finalRead.f) {
      if (op.type !== 'invoke') this.finalPage(op);
    }
  }

  /** What a client invoke's value is kept as until it pairs: an add's element id, else 0. */
  readonly invokeId = (f: string, value: unknown): number =>
    f === 'add' ? this.space.id(String(value)) : 0;

  /** `invokeId` of an invoke line as the history scanner read it, without a string. */
  invokeIdScanned(s: OpLineScanner, buf: Uint8Array): number {
    if (s.f !== 'add') return 0;
    if (s.valueKind !== ValueKind.String) return this.space.id(String(s.value));
    const n = elementNumberOf(buf, s.valueStart, s.valueEnd);
    if (n >= 0) return this.space.dense(n);
    return this.space.id(
      Buffer.from(buf.buffer, buf.byteOffset + s.valueStart, s.valueEnd - s.valueStart).toString(
        'latin1',
      ),
    );
  }

  /** A client op paired (`FieldPairHandler`; `id` from `invokeId`). */
  readonly paired: FieldPairHandler = (process, f, id, invokeTime, done, doneTime, doneNode) => {
    if (f !== 'add') return;
    const o = done === undefined ? 3 : OUTCOMES.indexOf(done);
    this.writes.put(id, OUTCOME_MASK | WRITTEN, WRITTEN | (o << OUTCOME_SHIFT));
    if (o === OK) this.acks.add(id, process, invokeTime, doneTime, doneNode);
  };

  private finalPage(op: Op): void {
    const name = op.node ?? `(op ${op.index})`;
    let entry = this.nodes.get(name);
    const v =
      op.value !== null && typeof op.value === 'object'
        ? (op.value as Record<string, unknown>)
        : {};
    if (entry === undefined) {
      const read: NodeRead = {
        node: name,
        primary: v.role === 'primary',
        last: false,
        listSize: 0,
      };
      if (typeof v.shard === 'string') read.shard = v.shard;
      if (Array.isArray(v.slots)) read.slots = v.slots as [number, number][];
      entry = { read, flags: new ElementColumn() };
      this.nodes.set(name, entry);
    }
    const read = entry.read;
    if (op.type !== 'ok') {
      read.error ??= op.error ?? op.type;
      return;
    }
    const flags = entry.flags;
    if (v.state instanceof ScannedSetState) {
      if (v.last !== false) read.last = true;
      this.markScanned(flags, v.state.set, IN_SET);
      this.markScanned(flags, v.state.list, IN_LIST);
      read.listSize += v.state.list.codes.length;
      return;
    }
    const page = this.o.parsePage(v.state);
    if (v.last !== false) read.last = true;
    for (const s of page.set) flags.or(this.space.id(s), IN_SET);
    for (const s of page.list) this.markList(flags, this.space.id(s));
    read.listSize += page.list.length;
  }

  private markList(flags: ElementColumn, id: number): void {
    const before = flags.or(id, IN_LIST);
    if ((before & IN_LIST) !== 0) flags.or(id, LIST_TWICE);
  }

  /** A scanned key's elements: `e<n>` is id `n` as it stands, any other through the space. */
  private markScanned(flags: ElementColumn, e: ScannedElements, bit: number): void {
    const { codes, others } = e;
    const list = bit === IN_LIST;
    let largest = -1;
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i] as number;
      if (c < 0) {
        const id = this.space.id(others[-c - 1] as string);
        if (list) this.markList(flags, id);
        else flags.or(id, bit);
        continue;
      }
      if (c > largest) largest = c;
      const before = flags.orDense(c, bit);
      if (list && (before & IN_LIST) !== 0) flags.orDense(c, LIST_TWICE);
    }
    if (largest >= 0) this.space.dense(largest);
  }

  private nodeEntries(): NodeEntry[] {
    return [...this.nodes.values()];
  }

  /** Decodes this check's final-read pages from the history's bytes (`ObjectValueScanner`). */
  readonly scanFinalValue: ObjectValueScanner;

  /**
   * The reading is over: count everything, and list the lost writes from the acknowledged
   * adds kept on disk. Throws `E_CHECK_SCRATCH` when that file cannot be written or read.
   */
  endReading(faults: readonly FaultInterval[]): void {
    this.pairer.finish(); // nothing is pending here when the reader paired the ops itself
    this.faults = faults;
    for (const { read } of this.nodes.values()) {
      if (read.error === undefined && !read.last)
        read.error = 'the final read ended before its last page';
    }
    const r = this.result;
    const size = this.space.denseSize;
    const others = this.space.otherCount;
    const each = (fn: (id: number) => void): void => {
      for (let n = 0; n < size; n++) fn(n);
      for (let k = 0; k < others; k++) fn(-(k + 1));
    };
    each((id) => {
      const w = this.writes.get(id);
      if ((w & WRITTEN) === 0) return;
      r.attempted++;
      const o = (w & OUTCOME_MASK) >> OUTCOME_SHIFT;
      if (o === OK) r.acknowledged++;
      else if (o === FAIL) r.failed++;
      else r.indeterminate++;
    });
    const judged = judgedPrimary([...this.nodes.values()], this.space);
    const primary = 'reason' in judged ? undefined : judged;
    if (primary === undefined) {
      r.valid = 'unknown';
      r.reason = 'reason' in judged ? judged.reason : undefined;
      r.nodes = streamNodeDiffs(this.nodeEntries(), this.space);
      this.dropNodeFlags();
      this.acks.close();
      return;
    }
    this.primary = primary;
    const pf = primary.flags;
    const listed = (arr: string[], id: number, what: string): void => {
      if (arr.length < this.maxListed) arr.push(this.space.name(id));
      else this.truncated.add(what);
    };
    const unwritten: number[] = [];
    each((id) => {
      const f = pf.get(id);
      if ((f & LIST_TWICE) !== 0) r.duplicated++;
      const w = this.writes.get(id);
      const s = (f & IN_SET) !== 0;
      const l = (f & IN_LIST) !== 0;
      if ((w & WRITTEN) === 0) {
        if (s || l) unwritten.push(id);
        return;
      }
      const o = (w & OUTCOME_MASK) >> OUTCOME_SHIFT;
      if (s !== l) {
        r.partial++;
        listed(r.partialElements, id, 'partial');
      }
      if (s || l) {
        if (o === FAIL) {
          r.unexpected++;
          listed(r.unexpectedElements, id, 'unexpected');
        } else if (o !== OK) r.recovered++;
        return;
      }
      if (o !== OK) return;
      r.lost++;
      this.writes.or(id, LOST);
    });
    // Elements on the primary that no write made (a rare case: a short list is enough).
    for (const id of unwritten) {
      const f = pf.get(id);
      r.unexpected++;
      listed(r.unexpectedElements, id, 'unexpected');
      if (((f & IN_SET) !== 0) !== ((f & IN_LIST) !== 0)) {
        r.partial++;
        listed(r.partialElements, id, 'partial');
      }
    }
    r.lostPercent = r.acknowledged === 0 ? 0 : Math.round((10000 * r.lost) / r.acknowledged) / 100;
    r.nodes = streamNodeDiffs(this.nodeEntries(), this.space);
    this.primaries = [...this.nodes.values()].map((e) => e.read).filter((x) => x.primary);
    // Shards only on a cluster: primaries that serve slots.
    if (!this.primaries.some((x) => x.shard !== undefined && x.slots !== undefined)) {
      this.shardOf = undefined;
    }
    this.dropNodeFlags(primary); // before the lost rows take their place in memory
    this.lostBuilder = new LostWriteColumnsBuilder(r.lost);
    if (r.lost === 0) {
      this.acks.close();
      return;
    }
    this.acks.replay((id, process, invokeTime, doneTime, node) => {
      if ((this.writes.get(id) & LOST) === 0) return;
      this.lostWrite(id, process, invokeTime, doneTime, node);
    });
  }

  /** Let the scratch file go without reading it (a reading that ended in an error). */
  close(): void {
    this.acks.close();
  }

  /** The nodes' flags are counted: only the writes' are read again. */
  private dropNodeFlags(primary?: { flags: ElementColumn }): void {
    for (const e of this.nodes.values()) e.flags.clear();
    primary?.flags.clear();
  }

  private lostWrite(
    id: number,
    process: number,
    invokeTime: number,
    doneTime: number,
    doneNode: string | undefined,
  ): void {
    const r = this.result;
    // A write of the element made twice: its last completion counts, once.
    this.writes.put(id, LOST, 0);
    if (activeFaultAt(this.faults, invokeTime, doneTime)) r.lostDuringFaults++;
    else r.lostOutsideFaults++;
    const node = doneNode ?? 'unknown';
    r.lostByNode[node] = (r.lostByNode[node] ?? 0) + 1;
    const name = this.space.name(id);
    if (this.shardOf !== undefined) {
      const shard = this.shardOf(name, this.primaries) ?? 'unknown';
      r.lostByShard ??= {};
      r.lostByShard[shard] = (r.lostByShard[shard] ?? 0) + 1;
    }
    this.lostBuilder?.add(id >= 0 ? id : -1, id >= 0 ? undefined : name, doneTime, doneNode);
    if (r.lostWrites.length >= this.maxListed) {
      this.truncated.add('lost');
      return;
    }
    const detail: SetWriteDetail = {
      element: name,
      process,
      outcome: 'ok',
      invoke: invokeTime,
      faults: activeFaults(this.faults, invokeTime, doneTime).map(describeFault),
      complete: doneTime,
    };
    if (doneNode !== undefined) detail.node = doneNode;
    r.lostWrites.push(detail);
  }

  /** The verdict, after `endReading`. */
  finish(): SetCheckResult & { lostColumns: LostWriteColumns } {
    const r = this.result;
    if (this.shardOf !== undefined && r.valid !== 'unknown') r.lostByShard ??= {};
    if (r.valid !== 'unknown') r.valid = r.lost === 0 && r.partial === 0 && r.unexpected === 0;
    const cut = [...this.truncated].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
    if (cut.length > 0)
      r.truncated = `showing at most ${this.maxListed} of each of: ${cut.join(', ')}`;
    const lostColumns = (this.lostBuilder ?? new LostWriteColumnsBuilder(0)).build();
    return Object.assign(r, { lostColumns });
  }
}

const ORDER = ['partial', 'unexpected', 'lost'];
