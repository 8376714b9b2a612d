import { errorMessage } from '../../errors.js';
import { LOSS_CAUSES_SHOWN, LOSS_CAUSE_LABEL } from '../../checker/lossCauses/index.js';
import { explainRunLosses, historyFacts, probeWindowsOf } from '../lossEvidence.js';
import { stopNodeObserver } from '../observers/index.js';
import type { RunContext } from '../runContext.js';

/**
 * Causes: after the checkers, every lost write of a set run is given one cause with its
 * evidence (`results.causes`): the lost writes the check phase's streamed set check left in
 * `run.lostWrites`, the evidence from one streamed pass over the history (never the whole
 * history in memory). The same pass measures the cluster minority windows from the probe's
 * ops (`results.probe.cuts`, `minorityAckMs`), whatever the workload. A pass that fails is
 * logged and leaves no causes: it never changes the verdict.
 */
export async function causes(run: RunContext): Promise<void> {
  await stopNodeObserver(run);
  const r = run.results;
  if (run.failure !== undefined) return;
  const lost = r.scenario.workload === 'set' && run.readsRecorded ? run.lostWrites : undefined;
  // Every lost write (about 9 bytes each): needed here only, so not held through the report build.
  delete run.lostWrites;
  const checked = run.lossFacts;
  delete run.lossFacts;
  if (lost === undefined && r.probe === undefined) return;
  try {
    // The lost writes and the facts come from the check phase's reading of the history; a run
    // the check phase did not read (stopped before its final reads) is read here.
    const facts = checked ?? (await historyFacts(run.dir.history));
    const windows = r.probe === undefined ? undefined : probeWindowsOf(r, facts);
    if (r.probe !== undefined && windows !== undefined) {
      r.probe = { ...r.probe, ...windows };
      const each = windows.cuts.flatMap((c) => c.nodes.map((x) => `${x.node} ${x.ackMs} ms`));
      run.log(
        `[probe] cut primaries kept acknowledging: ${each.length > 0 ? each.join(', ') : 'no cut held a primary'}`,
      );
      if (windows.minorityAckMs !== undefined)
        run.summary.push(`minority window (probe): ${windows.minorityAckMs} ms`);
    }
    if (lost === undefined) return;
    const c = explainRunLosses(r, lost, facts);
    if (c === undefined) return;
    r.causes = c;
    if (c.lost === 0) return;
    const parts = LOSS_CAUSES_SHOWN.filter((k) => c.counts[k] > 0).map(
      (k) => `${LOSS_CAUSE_LABEL[k]} ${c.counts[k].toLocaleString('en-US')}`,
    );
    run.log(
      `[causes] ${c.lost.toLocaleString('en-US')} lost: ${parts.join(', ')} (${c.explainedPercent}% explained)`,
    );
    run.summary.push(`causes: ${parts.join(', ')}`);
  } catch (e) {
    run.log(`[causes] the loss-cause pass failed: ${errorMessage(e)}`);
  }
}
