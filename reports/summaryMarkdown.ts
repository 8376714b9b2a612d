import { CHECKER_NAMES, checkerResult, type RunResults } from '../src/store/index.js';
import { durationText, verdictText } from './format.js';
import { markdownCell as cell } from './markdownCell.js';
import { causesText } from './causesText.js';

const ICON = { valid: '✅', invalid: '❌', unknown: '⚠️' } as const;

/** `summary.md`: verdict, checker counts, the scenario and the re-run command, for a CI job summary. */
export function summaryMarkdown(results: RunResults): string {
  const v = verdictText(results.valid) as keyof typeof ICON;
  const set = checkerResult(results, 'set');
  const s = results.scenario;
  const lines = [
    `## redcheck ${ICON[v]} ${v}: \`${cell(results.run)}\``,
    '',
    set
      ? `**${set.lost}** acknowledged writes lost of ${set.acknowledged} (${set.lostPercent.toFixed(2)} %).`
      : '',
    ...(causesText(results) === undefined
      ? []
      : [
          '',
          `**${cell(causesText(results) ?? '')}**`,
          '',
          ...(results.causes?.groups ?? [])
            .slice(0, 10)
            .map(
              (g) =>
                `- ${g.cause === 'unexplained' ? '**unexplained**' : cell(g.cause)}: ${cell(g.sentence)}`,
            ),
        ]),
    '',
    '| checker | verdict | details |',
    '|---|---|---|',
    ...CHECKER_NAMES.flatMap((name) => {
      const c = results.checkers[name];
      if (c === undefined) return [];
      const facts = Object.entries(c)
        .filter(([k, val]) => k !== 'valid' && ['number', 'string', 'boolean'].includes(typeof val))
        .map(([k, val]) => `${k} ${String(val)}`)
        .join(', ');
      return `| ${cell(name)} | ${verdictText(c.valid)} | ${cell(facts)} |`;
    }),
    '',
    `**Scenario:** ${[s.topology, s.mode, s.workload, `nemesis ${s.nemesis.join(',') || 'none'}`, `persistence ${s.persistence}`, `redis ${results.redisVersion ?? s.redis}`, `${durationText(s.timeLimitMs)}`, `concurrency ${s.concurrency}`, `seed ${results.seed}`].map(cell).join(' · ')}`,
    '',
    'Re-run:',
    '',
    '```sh',
    results.command.replace(/`/g, "'"),
    '```',
    '',
  ];
  return lines.filter((l, i, all) => !(l === '' && all[i - 1] === '')).join('\n');
}
