/**
 * The cluster minority window, measured by the runner probe: how long each primary a
 * partition cut off from the majority kept acknowledging the probe's writes after the cut.
 * The probe writes its own keys to every node from every client zone all through the run, so
 * the zones on the cut primary's side keep reaching it: its last acknowledgement of a write
 * sent after the cut, minus the cut's start, is the window (`minorityAckMs`), whichever
 * workers happened to write to it. Pure: probe rows and faults in, windows out.
 */
import type { FaultEvidence, MinorityAckCut, MinorityAckNode } from './evidence.js';
import type { ProbeAcks } from './probeAcks.js';

/** A cut node counts as a primary at the cut when it acknowledged a probe write this shortly before. */
const PRIMARY_BEFORE_NS = 3e9;

/**
 * Per partition with a minority side (`faults[i].minority`), each minority node that was a
 * primary when the cut began (it acknowledged a probe write in the 3 s before, or one sent
 * after), and how long after the cut it kept acknowledging probe writes sent after the cut
 * (until the heal). Cuts that held no primary are left out.
 */
export function minorityAckCuts(
  acks: ProbeAcks,
  faults: readonly FaultEvidence[],
): MinorityAckCut[] {
  const out: MinorityAckCut[] = [];
  for (const f of faults) {
    if (f.minority === undefined || f.minority.length === 0) continue;
    const end = f.end ?? Infinity;
    const nodes: MinorityAckNode[] = [];
    for (const node of f.minority) {
      let lastAck: number | undefined;
      let before = false;
      for (let i = 0; i < acks.count; i++) {
        const r = acks.row(i);
        if (r.node !== node || !r.acked) continue;
        if (r.invoke >= f.start && r.time <= end) {
          if (lastAck === undefined || r.time > lastAck) lastAck = r.time;
        } else if (r.time < f.start && r.time >= f.start - PRIMARY_BEFORE_NS) before = true;
      }
      if (lastAck === undefined && !before) continue;
      let refusedAt: number | undefined;
      for (let i = 0; i < acks.count; i++) {
        const r = acks.row(i);
        if (r.node !== node || r.acked || r.invoke < f.start || r.time > end) continue;
        if (r.time > (lastAck ?? f.start) && (refusedAt === undefined || r.time < refusedAt)) {
          refusedAt = r.time;
        }
      }
      nodes.push({
        node,
        ...(lastAck === undefined ? {} : { lastAck }),
        ackMs: lastAck === undefined ? 0 : Math.round((lastAck - f.start) / 1e6),
        ...(refusedAt === undefined ? {} : { refusedAt }),
      });
    }
    if (nodes.length === 0) continue;
    out.push({
      fault: f.index,
      start: f.start,
      ...(f.end === undefined ? {} : { end: f.end }),
      ...(f.cutMs === undefined ? {} : { cutMs: f.cutMs }),
      nodes,
      ackMs: Math.max(...nodes.map((n) => n.ackMs)),
    });
  }
  return out;
}

/** The largest window over every cut (undefined when no cut held a primary). */
export function minorityAckMsOf(cuts: readonly MinorityAckCut[]): number | undefined {
  return cuts.length === 0 ? undefined : Math.max(...cuts.map((c) => c.ackMs));
}
