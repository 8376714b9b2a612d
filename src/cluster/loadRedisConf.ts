import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { RedcheckError, errorMessage } from '../errors.js';
import { configWords } from './mergeRedisConf.js';

/** One line of a user's redis.conf, with where it was written (for errors). */
export interface RedisConfLine {
  readonly text: string;
  readonly file: string;
  readonly line: number;
}

const MAX_INCLUDE_DEPTH = 8;

function refuse(l: RedisConfLine, problem: string, fix: string): RedcheckError {
  return new RedcheckError(
    'E_REDIS_CONF',
    `${l.file}:${l.line}: ${problem}: ${l.text.trim()}`,
    fix,
  );
}

/** `readFile(path)` -> text; the default reads the disk. */
export type ReadText = (path: string) => string;
const readDisk: ReadText = (path) => readFileSync(path, 'utf8');

/**
 * A user's redis.conf, its `include` lines replaced by the included files' lines (a relative
 * include is resolved against the including file's folder), and checked: TLS and passwords
 * are refused (not supported yet), a missing file or include is an error. Every refusal is
 * E_REDIS_CONF (exit 2) naming the file, the line and the fix. Throws before any container.
 */
export function loadRedisConf(path: string, readText: ReadText = readDisk): RedisConfLine[] {
  return load(resolve(path), readText, [], 'the --redis-conf file');
}

function load(path: string, readText: ReadText, chain: string[], what: string): RedisConfLine[] {
  let text: string;
  try {
    text = readText(path);
  } catch (e) {
    throw new RedcheckError(
      'E_REDIS_CONF',
      `cannot read ${what} ${path}: ${errorMessage(e)}`,
      'give the path of a readable redis.conf (a relative include is relative to its file)',
    );
  }
  const out: RedisConfLine[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((t, i) => {
      const l: RedisConfLine = { text: t, file: path, line: i + 1 };
      const words = configWords(t);
      if (words === null || words.length === 0) return;
      const d = (words[0] ?? '').toLowerCase();
      if (d === 'include') {
        const target = words[1];
        if (target === undefined || words.length !== 2) {
          throw refuse(l, 'include takes one file', 'write `include <path>`');
        }
        const full = isAbsolute(target) ? target : resolve(dirname(path), target);
        if (chain.includes(full) || full === path || chain.length >= MAX_INCLUDE_DEPTH) {
          throw refuse(l, 'include loops back or nests too deep', 'remove the include cycle');
        }
        out.push(
          ...load(full, readText, [...chain, path], `the file included at ${path}:${l.line}`),
        );
        return;
      }
      checkLine(l, d, words);
      out.push(l);
    });
  return out;
}

function checkLine(l: RedisConfLine, d: string, words: string[]): void {
  if (d.startsWith('tls-')) {
    throw refuse(
      l,
      'TLS is not supported',
      'remove the tls-* lines: redcheck talks to the nodes in plain RESP on a private network',
    );
  }
  if (d === 'port' && words[1] === '0') {
    throw refuse(l, 'port 0 (a TLS-only server) is not supported', 'remove the port line');
  }
  if (d === 'requirepass' || d === 'masterauth' || d === 'masteruser' || d === 'aclfile') {
    throw refuse(
      l,
      'password-protected servers are not supported yet',
      `remove the ${d} line: redcheck's clients, replicas and sentinels do not authenticate yet`,
    );
  }
  if (d === 'user' && words.some((w) => w.startsWith('>') || w.startsWith('#'))) {
    throw refuse(
      l,
      'ACL users with passwords are not supported yet',
      'remove the user line: redcheck connects as the default user without a password',
    );
  }
}

/**
 * Refuses a `rename-command` of a command the run sends (`needed`, upper case): the run
 * would fail for a reason that is not the one under test. Names the line and the fix.
 */
export function checkRenames(lines: readonly RedisConfLine[], needed: ReadonlySet<string>): void {
  for (const l of lines) {
    const words = configWords(l.text);
    if (words === null || (words[0] ?? '').toLowerCase() !== 'rename-command') continue;
    const command = (words[1] ?? '').toUpperCase();
    if (needed.has(command)) {
      throw refuse(
        l,
        `this run sends ${command} (its workload, mode, faults or observers need it)`,
        `remove the rename-command ${command} line, or run a workload and mode that do not use it`,
      );
    }
  }
}
