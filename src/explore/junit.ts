import type { ExploreCandidate, ExploreResult } from './exploreResult.js';
import { xml } from '../common/xml.js';

function runsText(c: ExploreCandidate): string {
  return c.runs
    .map(
      (r, i) =>
        `run ${i + 1}: property held ${String(r.holds)} (${Object.entries(r.measured)
          .map(([k, v]) => `${k} = ${v === null ? 'not measured' : String(v)}`)
          .join(', ')})${r.error ? `: ${r.error}` : ''}`,
    )
    .join('\n');
}

/**
 * JUnit XML of an exploration: one test case per trial, and one for the counterexample. A
 * trial that broke the property in every run, and the minimal scenario, are `<failure>`s
 * with their numbers and the command that re-runs them; an undecided trial is an `<error>`.
 */
export function exploreJunitXml(r: ExploreResult): string {
  const trials = r.candidates.filter((c) => c.phase === 'trial');
  const seconds = (c: ExploreCandidate): string =>
    (c.runs.reduce((t, x) => t + x.ms, 0) / 1000).toFixed(3);
  const cases = trials.map((c) => {
    const text = `${runsText(c)}\nre-run: ${c.command}`;
    const body =
      c.verdict === 'fail'
        ? `<failure message="${xml(`${r.property} broken in ${c.runs.length} of ${c.runs.length} runs`)}" type="counterexample">${xml(text)}</failure>`
        : c.verdict === 'unknown' || c.verdict === 'error'
          ? `<error message="${xml(`${r.property} undecided`)}" type="${c.verdict}">${xml(text)}</error>`
          : '';
    return `    <testcase classname="redcheck.explore" name="${xml(`${c.id} ${JSON.stringify(c.varied)}`)}" time="${seconds(c)}">${body}</testcase>`;
  });
  const min = r.candidates.find((c) => c.id === r.minimal);
  if (min) {
    const text = `${runsText(min)}\nshrink steps: ${r.steps.length}\nre-run: ${min.command}`;
    cases.push(
      `    <testcase classname="redcheck.explore" name="${xml(`minimal ${min.id} ${JSON.stringify(min.varied)}`)}" time="${seconds(min)}"><failure message="${xml(`counterexample to ${r.property}`)}" type="counterexample">${xml(text)}</failure></testcase>`,
    );
  }
  const failures = cases.filter((c) => c.includes('<failure')).length;
  const errors = cases.filter((c) => c.includes('<error')).length;
  const total = r.candidates.reduce((t, c) => t + Number(seconds(c)), 0).toFixed(3);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="redcheck explore" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${total}">`,
    `  <testsuite name="${xml(`explore ${r.property}`)}" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${total}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
