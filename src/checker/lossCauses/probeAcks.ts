/**
 * The runner probe's replies as the pass reads them (`src/runner/probe.ts`): one row per
 * probe write a node answered, acknowledged or refused, with the time it was sent and the
 * time the answer came. Kept as columns (about 20 bytes a row: a probe writes a few times a
 * second per lane), filled from the history's `process: "probe"` ops in one streamed pass.
 */
import type { Op } from '../../history/op.js';
import { growTypedArray } from '../../common/growTypedArray.js';

/** A refusal the node itself answered: it no longer took writes for the slot. */
const REFUSAL = /^(CLUSTERDOWN|MOVED|READONLY|MASTERDOWN|NOREPLICAS|TRYAGAIN)\b/;

/** The probe's f in the history. */
export const PROBE_F = 'probe';

/** Counts of the probe's completions, by type. */
export interface ProbeOpCounts {
  ok: number;
  fail: number;
  info: number;
}

export class ProbeAcks {
  private invokes = new Float64Array(256);
  private times = new Float64Array(256);
  private nodes = new Uint16Array(256);
  private kinds = new Uint8Array(256);
  /** Rows held. */
  count = 0;
  readonly nodeNames: string[] = [];
  private readonly nodeIds = new Map<string, number>();

  /** Row `i`: sent at `invoke`, answered at `time` by `node`; `acked` or refused. */
  row(i: number): { invoke: number; time: number; node: string; acked: boolean } {
    return {
      invoke: this.invokes[i] as number,
      time: this.times[i] as number,
      node: this.nodeNames[this.nodes[i] as number] as string,
      acked: this.kinds[i] === 0,
    };
  }

  /** Add a row. */
  push(invoke: number, time: number, node: string, acked: boolean): void {
    if (this.count === this.times.length) this.grow();
    let id = this.nodeIds.get(node);
    if (id === undefined) {
      id = this.nodeNames.push(node) - 1;
      this.nodeIds.set(node, id);
    }
    this.invokes[this.count] = invoke;
    this.times[this.count] = time;
    this.nodes[this.count] = id;
    this.kinds[this.count] = acked ? 0 : 1;
    this.count++;
  }

  private grow(): void {
    const n = this.count;
    this.invokes = growTypedArray(this.invokes, n);
    this.times = growTypedArray(this.times, n);
    this.nodes = growTypedArray(this.nodes, n);
    this.kinds = growTypedArray(this.kinds, n);
  }
}

/**
 * Reads the probe's ops of a history, in order, into `ProbeAcks`: each completion paired with
 * its lane's invoke (a lane, named by the op's value, runs one write at a time). Every other
 * op is ignored. Memory: the rows, and one entry per lane.
 */
export class ProbeAckCollector {
  readonly acks = new ProbeAcks();
  readonly counts: ProbeOpCounts = { ok: 0, fail: 0, info: 0 };
  private readonly pending = new Map<string, number>();

  /** Take the next op of the history. */
  push(op: Op): void {
    if (op.process !== 'probe' || op.f !== PROBE_F) return;
    const lane = String(op.value);
    if (op.type === 'invoke') {
      this.pending.set(lane, op.time);
      return;
    }
    const invoke = this.pending.get(lane);
    this.pending.delete(lane);
    this.counts[op.type]++;
    if (invoke === undefined || op.node === undefined) return;
    if (op.type === 'ok') this.acks.push(invoke, op.time, op.node, true);
    else if (op.type === 'fail' && REFUSAL.test(op.error ?? '')) {
      this.acks.push(invoke, op.time, op.node, false);
    }
  }

  /** Whether any probe op was seen. */
  get seen(): boolean {
    return this.counts.ok + this.counts.fail + this.counts.info > 0 || this.pending.size > 0;
  }
}
