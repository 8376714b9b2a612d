import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { RedcheckError, errorMessage } from '../errors.js';
import { configWords } from './mergeRedisConf.js';
import { isSecretLine, redactConfigLine, redisConfAuth } from './redisConfAuth.js';

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
    `${l.file}:${l.line}: ${problem}: ${redactConfigLine(l.text)}`,
    fix,
  );
}

/** `readFile(path)` -> text; the default reads the disk. */
export type ReadText = (path: string) => string;
const readDisk: ReadText = (path) => readFileSync(path, 'utf8');

/**
 * A user's redis.conf, its `include` lines replaced by the included files' lines (a relative
 * include is resolved against the including file's folder) and its `aclfile` by that file's
 * `user` lines (the node cannot see the host's files), and checked: TLS is refused, a missing
 * file or include is an error, and a password-protected config must say which user redcheck
 * connects as (`redisConfAuth`). Every refusal is E_REDIS_CONF (exit 2) naming the file, the
 * line and the fix. Throws before any container.
 */
export function loadRedisConf(path: string, readText: ReadText = readDisk): RedisConfLine[] {
  const full = resolve(path);
  const lines = load(full, readText, [], 'the --redis-conf file');
  redisConfAuth(
    lines.map((l) => l.text),
    full,
  );
  return lines;
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
      if (d === 'aclfile') {
        out.push(...aclUsers(l, words, path, readText));
        return;
      }
      checkLine(l, d, words);
      out.push(l);
    });
  return out;
}

/**
 * An `aclfile` line's users, as `user` lines of the config (an ACL file holds nothing else),
 * read relative to the config's folder. Redis takes either an aclfile or user lines, so the
 * node's config then holds the users inline (ACL SAVE and ACL LOAD have no file to act on).
 */
function aclUsers(
  l: RedisConfLine,
  words: string[],
  path: string,
  readText: ReadText,
): RedisConfLine[] {
  const target = words[1];
  if (target === undefined || words.length !== 2) {
    throw refuse(l, 'aclfile takes one file', 'write `aclfile <path>`');
  }
  const full = isAbsolute(target) ? target : resolve(dirname(path), target);
  let text: string;
  try {
    text = readText(full);
  } catch (e) {
    throw refuse(
      l,
      `cannot read the aclfile ${full}: ${errorMessage(e)}`,
      'give the path of a readable ACL file (relative to the redis.conf), or write its users as `user` lines',
    );
  }
  const users: RedisConfLine[] = [];
  text.split(/\r?\n/).forEach((t, i) => {
    const u: RedisConfLine = { text: t, file: full, line: i + 1 };
    const w = configWords(t);
    if (w === null || w.length === 0) return;
    if ((w[0] ?? '').toLowerCase() !== 'user') {
      throw refuse(u, 'an ACL file holds only `user` lines', 'remove the line');
    }
    users.push(u);
  });
  return users;
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
}

/**
 * Refuses a `rename-command` of a command the run sends (`needed`, upper case): the run
 * would fail for a reason that is not the one under test. Names the line and the fix.
 */
export function checkRenames(lines: readonly RedisConfLine[], needed: ReadonlySet<string>): void {
  // A password in the file (or users in an aclfile) means every connection starts with AUTH.
  const sendsAuth = lines.some((l) => isSecretLine(l.text) || /^\s*aclfile\s/i.test(l.text));
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
    if (command === 'AUTH' && sendsAuth) {
      throw refuse(
        l,
        'this file sets a password, so every connection redcheck, a replica or a sentinel makes sends AUTH',
        'remove the rename-command AUTH line, or the password',
      );
    }
  }
}

/**
 * Refuses a password in `--redis-config` lines (requirepass, masterauth, a user's password):
 * those lines are stored with the run (scenario.json, results.json, the re-run command),
 * where a password must never be. E_REDIS_CONF naming the line and the fix.
 */
export function checkNoSecrets(extraLines: readonly string[]): void {
  for (const line of extraLines) {
    if (!isSecretLine(line)) continue;
    throw new RedcheckError(
      'E_REDIS_CONF',
      `--redis-config ${redactConfigLine(line)}: a password on the command line would be stored with the run`,
      'put the line in a redis.conf file and pass it with --redis-conf <file> (the run records the path, never the password)',
    );
  }
}
