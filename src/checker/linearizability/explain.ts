/** Renders a linearizability result as a short explanation a person can follow (CLI `check`). */
import type { LinearizabilityResult, PartitionResult } from './result.js';

const MAX_PARTITIONS = 3;

function partitionName(p: PartitionResult): string {
  return p.key === '' ? 'the history' : `key ${JSON.stringify(p.key)}`;
}

function explainPartition(p: PartitionResult): string[] {
  const lines = [`${partitionName(p)} (${p.opCount} ops) is not linearizable.`];
  const ev = p.evidence;
  if (!ev) return lines;
  const n = ev.longestPrefixes[0]?.length ?? 0;
  if (n === 0) {
    lines.push(`  No op can be linearized first: starting from ${ev.state}.`);
  } else {
    const shown = ev.tail.length < n ? `, the last ${ev.tail.length} shown` : '';
    lines.push(`  The longest linearizable prefix has ${n} ops${shown}:`);
    for (const t of ev.tail) lines.push(`    #${t.index}  ${t.op}`);
    lines.push(`  after which the state is ${ev.state}.`);
  }
  if (ev.stuck.length > 0) {
    lines.push('  None of the ops that could come next can be placed:');
    for (const s of ev.stuck) {
      const why =
        s.why === 'illegal'
          ? 'impossible in that state'
          : 'possible, but every order after it fails';
      lines.push(`    #${s.index}  ${s.op}: ${why}`);
    }
    if (ev.stuckOmitted > 0) lines.push(`    ... and ${ev.stuckOmitted} more`);
  }
  return lines;
}

/** A few lines: the verdict and, for each illegal partition with evidence, why (capped). */
export function explainLinearizability(r: LinearizabilityResult): string {
  const head =
    r.valid === true
      ? `linearizable (model ${r.model}, ${r.opCount} ops, ${r.partitions.length} partition(s))`
      : r.valid === false
        ? `NOT linearizable (model ${r.model}, ${r.opCount} ops, ${r.partitions.length} partition(s))`
        : `unknown (model ${r.model}): ${r.reason ?? r.error ?? 'not finished'}`;
  if (r.valid !== false) return head;
  const bad = r.partitions.filter((p) => p.valid === false);
  const lines = [head, ...bad.slice(0, MAX_PARTITIONS).flatMap(explainPartition)];
  if (bad.length > MAX_PARTITIONS)
    lines.push(`... and ${bad.length - MAX_PARTITIONS} more illegal partition(s)`);
  return lines.join('\n');
}
