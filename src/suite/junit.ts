import type { SuiteResult } from './suiteResult.js';
import { xml } from '../common/xml.js';
import {
  LOSS_CAUSES_SHOWN,
  LOSS_CAUSE_LABEL,
  causeMeasureName,
} from '../checker/lossCauses/index.js';

/** `causes (median of 3 runs): unexplained 0, failover 1,234`, from the case's measures. */
export function causesLine(
  numbers: Readonly<Record<string, { median: number; n: number }>>,
): string | undefined {
  const parts = LOSS_CAUSES_SHOWN.flatMap((c) => {
    const m = numbers[causeMeasureName(c)];
    return m === undefined || (m.median === 0 && c !== 'unexplained')
      ? []
      : [`${LOSS_CAUSE_LABEL[c]} ${m.median.toLocaleString('en-US')}`];
  });
  const n = numbers['causes.unexplained']?.n ?? 0;
  if (parts.length === 0 || n === 0) return undefined;
  return `causes (${n === 1 ? 'one run' : `median of ${n} runs`}): ${parts.join(', ')}`;
}

/**
 * JUnit XML of a suite: one test case per scenario (classname the claim id). A refuted one is
 * a `<failure>` whose text is each unmet expectation with the values measured; an error or an
 * undecided one an `<error>`; a pending one `<skipped>` with the issue it waits for.
 */
export function suiteJunitXml(s: SuiteResult): string {
  const count = (st: string): number => s.cases.filter((c) => c.status === st).length;
  const failures = count('refuted');
  const errors = count('error') + count('unknown');
  const skipped = count('pending');
  const total = s.cases.reduce((t, c) => t + c.runs.reduce((u, r) => u + r.ms, 0), 0);
  const cases = s.cases.map((c) => {
    const seconds = (c.runs.reduce((t, r) => t + r.ms, 0) / 1000).toFixed(3);
    const causes = causesLine(c.numbers);
    const text = [
      ...c.failures,
      ...(causes === undefined ? [] : [causes]),
      ...c.runs.map((r) => `re-run: ${r.command}`),
    ].join('\n');
    const first = c.failures[0] ?? '';
    const body =
      c.status === 'refuted'
        ? `<failure message="${xml(first)}" type="refuted">${xml(text)}</failure>`
        : c.status === 'error' || c.status === 'unknown'
          ? `<error message="${xml(first || c.status)}" type="${c.status}">${xml(text)}</error>`
          : c.status === 'pending'
            ? `<skipped message="${xml(`pending: waits for issue #${c.pending?.issue ?? '?'}: ${c.pending?.reason ?? ''}`)}"/>`
            : '';
    return `    <testcase classname="${xml(`redcheck.suite.${c.claim?.id ?? 'unclaimed'}`)}" name="${xml(c.id)}" time="${seconds}">${body}</testcase>`;
  });
  const head = `tests="${s.cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="redcheck suite" ${head}>
  <testsuite name="redcheck suite${s.shard ? ` shard ${s.shard.index}/${s.shard.count}` : ''}" ${head} time="${(total / 1000).toFixed(3)}" timestamp="${xml(s.startedAt)}">
${cases.join('\n')}
  </testsuite>
</testsuites>
`;
}
