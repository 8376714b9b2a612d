import { CHECKER_NAMES, type RunResults } from '../src/store/index.js';
import { verdictText } from './format.js';
import { xml } from '../src/common/xml.js';
import { causesText } from './causesText.js';

function countsText(entry: object): string {
  return Object.entries(entry)
    .filter(
      ([k, v]) =>
        k !== 'valid' && (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean'),
    )
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
}

/** Each group of lost writes in one line, unexplained first (at most 10). */
function sentences(results: RunResults): string {
  const groups = results.causes?.groups ?? [];
  return groups
    .slice(0, 10)
    .map((g) => `\n${g.cause}: ${g.sentence}`)
    .join('');
}

/**
 * JUnit XML for a run: one test suite (the run) with one test case per checker. An invalid
 * checker is a `<failure>` carrying its counts; an unknown one is an `<error>` with the reason.
 */
export function junitXml(results: RunResults): string {
  const entries = CHECKER_NAMES.flatMap((name) => {
    const c = results.checkers[name];
    return c === undefined ? [] : [[name, c] as const];
  });
  const failures = entries.filter(([, c]) => c.valid === false).length;
  const errors = entries.filter(([, c]) => c.valid === 'unknown').length;
  const seconds = ((results.phases.check ?? 0) / 1000).toFixed(3);
  const scenario = results.scenario;
  const suite = `redcheck ${scenario.workload} ${scenario.topology} ${scenario.mode}`
    .replace(/\s+/g, ' ')
    .trim();
  const causes = causesText(results);
  const cases = entries.map(([name, c]) => {
    const counts = countsText(c) + (name === 'set' && causes !== undefined ? `; ${causes}` : '');
    const body =
      c.valid === false
        ? `\n      <failure message="${xml(`${name} invalid: ${counts}`)}" type="invalid">${xml(`${counts}${name === 'set' ? sentences(results) : ''}\nre-run: ${results.command}`)}</failure>\n    `
        : c.valid === 'unknown'
          ? `\n      <error message="${xml(`${name} unknown: ${c.reason ?? c.error ?? 'no reason given'}`)}" type="unknown">${xml(counts)}</error>\n    `
          : '';
    return `    <testcase classname="${xml(`redcheck.${results.run}`)}" name="${xml(name)}" time="0">${body}</testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="redcheck" tests="${entries.length}" failures="${failures}" errors="${errors}">
  <testsuite name="${xml(suite || 'redcheck')}" tests="${entries.length}" failures="${failures}" errors="${errors}" time="${seconds}" timestamp="${xml(results.startedAt)}">
    <properties>
      <property name="run" value="${xml(results.run)}"/>
      <property name="verdict" value="${xml(verdictText(results.valid))}"/>
      <property name="seed" value="${xml(results.seed)}"/>
      <property name="command" value="${xml(results.command)}"/>
    </properties>
${cases.join('\n')}
  </testsuite>
</testsuites>
`;
}
