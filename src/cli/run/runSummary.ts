import type { runScenario } from '../../runner/runScenario.js';

/** The lines `redcheck run` prints after a run (without `--json`). */
export function runSummary(r: Awaited<ReturnType<typeof runScenario>>): string {
  const res = r.results;
  const lines = [`run ${res.run}: valid ${String(res.valid)}`];
  for (const line of r.summary) lines.push(`  ${line}`);
  for (const [name, c] of Object.entries(res.checkers)) {
    if (c.valid !== true && (c.reason || c.error)) {
      lines.push(`  ${name}: ${String(c.valid)}: ${c.reason ?? ''} ${c.error ?? ''}`.trimEnd());
    }
  }
  if (res.settle && !res.settle.settled) lines.push(`  not settled: ${res.settle.reason ?? ''}`);
  if (res.interrupted) lines.push(`  interrupted: ${res.interrupted}`);
  for (const f of res.faults) {
    const t = (ns: number | undefined): string =>
      ns === undefined ? '?' : `${(ns / 1e9).toFixed(1)}s`;
    lines.push(
      `  fault ${f.fault}${f.target ? `:${f.target}` : ''} ${t(f.start)}..${t(f.end)} ${f.description ?? ''}`.trimEnd(),
    );
  }
  lines.push(`  ${r.runDir}`);
  lines.push(`  re-run: ${res.command}`);
  return lines.join('\n');
}
