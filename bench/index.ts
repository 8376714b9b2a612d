/**
 * `npm run bench [-- <section>...]`: runs every benchmark section (or the named ones) in turn.
 * A section that throws is reported and the rest still run; the exit code is non-zero if any
 * section failed or missed a target. Add a section with one line below.
 */
import type { BenchSection } from './section.js';

const SECTIONS: readonly { name: string; load: () => Promise<BenchSection> }[] = [
  { name: 'linearizability', load: () => import('./linearizability.js') },
  { name: 'lin-long', load: () => import('./linearizabilityLong.js') },
  { name: 'run-throughput', load: () => import('./runThroughput.js') },
  { name: 'report', load: () => import('./report.js') },
  { name: 'set-check', load: () => import('./setCheck.js') },
  { name: 'elle', load: () => import('./elle.js') },
  { name: 'history-read', load: () => import('./historyRead.js') },
  { name: 'cluster', load: () => import('./cluster.js') },
  { name: 'suite', load: () => import('./suite.js') },
  { name: 'explore', load: () => import('./explore.js') },
  { name: 'cli-start', load: () => import('./cliStart.js') },
  { name: 'long-run', load: () => import('./longRun.js') },
];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !SECTIONS.some((s) => s.name === w));
  if (unknown.length > 0) {
    console.error(
      `unknown bench section(s): ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.name).join(', ')}`,
    );
    process.exitCode = 2;
    return;
  }
  for (const s of SECTIONS) {
    if (wanted.length > 0 && !wanted.includes(s.name)) continue;
    console.log(`\n=== ${s.name} ===`);
    const started = performance.now();
    try {
      await (await s.load()).run();
      console.log(`[${s.name}] done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (e) {
      console.error(
        `[${s.name}] FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      );
      process.exitCode = 1;
    }
  }
}

await main();
