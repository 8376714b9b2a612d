import { markdownCell as cell } from '../../reports/markdownCell.js';
import type { SuiteCase, SuiteResult } from './suiteResult.js';

const ICON: Record<string, string> = {
  confirmed: '✅',
  refuted: '❌',
  unknown: '⚠️',
  error: '💥',
  pending: '⏳',
};

function numbers(c: SuiteCase): string {
  const named = c.expect.flatMap((e) => [...e.matchAll(/[A-Za-z_][\w.]*/g)].map((m) => m[0]));
  const names = [...new Set([...named, 'set.lost', 'set.lostPercent', 'failoverMs'])];
  return names
    .flatMap((n) => {
      const s = c.numbers[n];
      if (!s) return [];
      return [
        s.n > 1 && s.min !== s.max ? `${n} ${s.median} (${s.min}–${s.max})` : `${n} ${s.median}`,
      ];
    })
    .join(', ');
}

/** `summary.md`: the claims table for a CI job summary, with what moved against the baseline. */
export function suiteSummaryMarkdown(s: SuiteResult): string {
  const counts = Object.entries(ICON)
    .map(([st, icon]) => [st, icon, s.cases.filter((c) => c.status === st).length] as const)
    .filter(([, , n]) => n > 0)
    .map(([st, icon, n]) => `${icon} ${n} ${st}`)
    .join(' · ');
  const lines = [
    `## redcheck suite${s.shard ? ` (shard ${s.shard.index}/${s.shard.count})` : ''}: ${counts}`,
    '',
    `${s.cases.length} scenarios${s.repeat > 1 ? `, ${s.repeat} runs each` : ''}, ${s.startedAt} to ${s.finishedAt}, exit ${s.exitCode}.`,
    '',
  ];
  if (s.baseline) {
    lines.push(
      `Against \`${cell(s.baseline.file)}\`: **${s.baseline.flipped}** claim(s) flipped, **${s.baseline.moved}** number(s) moved beyond noise${s.baseline.missing ? `, ${s.baseline.missing} new scenario(s)` : ''}.`,
      '',
    );
  }
  lines.push('| claim | scenario | status | numbers | unmet / note |', '|---|---|---|---|---|');
  for (const c of s.cases) {
    const flip = c.baseline?.flipped ? ` (was ${c.baseline.status ?? '–'})` : '';
    const moved = (c.baseline?.moved ?? []).map((m) => `${m.name} ${m.from} → ${m.to}`).join(', ');
    const note = c.pending
      ? `waits for issue #${c.pending.issue}: ${c.pending.reason}`
      : c.failures.join('; ');
    lines.push(
      `| ${cell(c.claim?.id ?? '–')} | ${cell(c.id)} | ${ICON[c.status] ?? ''} ${c.status}${cell(flip)} | ${cell(numbers(c))}${moved ? ` · moved: ${cell(moved)}` : ''} | ${cell(note)} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}
