/**
 * A user's redis.conf as the base of a node's config: the file, then `--redis-config` lines,
 * then the lines redcheck owns, each higher layer replacing every line of the same directive
 * below it. Pure: the file is read and checked elsewhere (`loadRedisConf`).
 */

import { configWords } from './configWords.js';
import { redactConfigLine } from './redisConfAuth.js';

export { configWords };

/** One line redcheck writes over the user's file, and why. */
export interface OwnedLine {
  readonly line: string;
  readonly why: string;
  /**
   * A run setting (`repl-backlog-size`, `min-replicas-to-write`, ...) that a `--redis-config`
   * line may still override; otherwise the line wins over both the file and `--redis-config`.
   */
  readonly yieldsToExtra?: boolean;
}

/** A directive of the user's file that redcheck replaced. */
export interface RedisConfOverride {
  /** The directive (with its first argument for keyed ones: `rename-command get`). */
  directive: string;
  /** What the file said: its lines for the directive, `; `-joined. */
  file: string;
  /** What the node's config holds instead (`(none)` when nothing). */
  used: string;
  why: string;
}

export interface MergedRedisConf {
  /** The node's config text, one directive a line, ending in a newline. */
  config: string;
  overrides: RedisConfOverride[];
}

/** Directives that repeat with a different first argument, each a setting of its own. */
const KEYED = new Set([
  'rename-command',
  'user',
  'client-output-buffer-limit',
  'loadmodule',
  'sentinel',
]);

/** The key a line sets: its directive, lower case, with the first argument for keyed ones. */
export function directiveKey(line: string): string | null {
  const words = configWords(line);
  if (words === null || words.length === 0) return null;
  const word = (words[0] ?? '').toLowerCase();
  const d = word === 'slaveof' ? 'replicaof' : word;
  return KEYED.has(d) && words[1] !== undefined ? `${d} ${words[1].toLowerCase()}` : d;
}

function keyed(lines: readonly string[]): { key: string; line: string }[] {
  const out: { key: string; line: string }[] = [];
  for (const raw of lines) {
    const key = directiveKey(raw);
    if (key !== null) out.push({ key, line: raw.trim() });
  }
  return out;
}

function byKey(lines: { key: string; line: string }[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const l of lines) m.set(l.key, [...(m.get(l.key) ?? []), l.line]);
  return m;
}

/**
 * Merge the user's file (its lines, comments and blanks allowed), the `--redis-config` lines
 * and redcheck's own lines into one config, listing each directive of the file that a higher
 * layer replaced (not those set to the very same lines). Lower layers' lines of a replaced
 * directive are dropped, so several `save` lines are replaced as one setting.
 */
export function mergeRedisConf(
  fileLines: readonly string[],
  extraLines: readonly string[],
  owned: readonly OwnedLine[],
): MergedRedisConf {
  const file = keyed(fileLines);
  const extra = keyed(extraLines);
  const strong = owned.filter((o) => o.yieldsToExtra !== true);
  const weak = owned.filter((o) => o.yieldsToExtra === true);
  const extraKeys = new Set(extra.map((l) => l.key));
  const strongKeys = new Set(strong.map((o) => directiveKey(o.line)));
  // Settings a --redis-config line replaces go; the rest stay between the file and the lines.
  const weakKept = weak.filter((o) => !extraKeys.has(directiveKey(o.line) ?? ''));
  const weakKeys = new Set(weakKept.map((o) => directiveKey(o.line)));
  const extraKept = extra.filter((l) => !strongKeys.has(l.key));
  const fileKept = file.filter(
    (l) => !strongKeys.has(l.key) && !weakKeys.has(l.key) && !extraKeys.has(l.key),
  );

  const fileByKey = byKey(file);
  const usedByKey = byKey([
    ...weakKept.map((o) => ({ key: directiveKey(o.line) ?? '', line: o.line })),
    ...extraKept,
    ...strong.map((o) => ({ key: directiveKey(o.line) ?? '', line: o.line })),
  ]);
  const whyByKey = new Map<string, string>();
  for (const o of [...weakKept, ...strong]) {
    const k = directiveKey(o.line) ?? '';
    if (!whyByKey.has(k)) whyByKey.set(k, o.why);
  }
  for (const l of extraKept) whyByKey.set(l.key, 'your --redis-config line comes after the file');

  const overrides: RedisConfOverride[] = [];
  for (const [key, lines] of fileByKey) {
    const used = usedByKey.get(key);
    if (used === undefined) continue;
    if (used.join('\n') === lines.join('\n')) continue;
    overrides.push({
      directive: key,
      // Passwords are never listed: results.json and the run page show `(redacted)`.
      file: lines.map(redactConfigLine).join('; '),
      used: used.map(redactConfigLine).join('; '),
      why: whyByKey.get(key) ?? '',
    });
  }
  const config = [
    '# written by redcheck: your redis.conf, then --redis-config, then the lines redcheck owns',
    ...fileKept.map((l) => l.line),
    ...weakKept.map((o) => o.line),
    ...extraKept.map((l) => l.line),
    ...strong.map((o) => o.line),
  ];
  return { config: config.join('\n') + '\n', overrides };
}
