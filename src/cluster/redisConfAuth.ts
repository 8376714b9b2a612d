/**
 * The credentials a redis.conf asks for, and the redaction of its secrets. redcheck's own
 * connections to the data nodes use `masteruser` + `masterauth` when the config gives them
 * (the replicas' credentials), else the default user with `masterauth`, else with
 * `requirepass`. With ACL users (`user` lines setting a password or closing the default user,
 * or an `aclfile`) the user must be named with `masteruser`, as redcheck cannot know which of them
 * may run every command.
 */
import { RedcheckError } from '../errors.js';
import type { Credentials } from '../client/credentials.js';
import { configWords } from './configWords.js';

/** Directives whose argument is a password. */
const SECRET_DIRECTIVES = new Set(['requirepass', 'masterauth']);

/** What a config's auth lines say, the last of each winning (as Redis reads them). */
interface AuthLines {
  requirepass?: string;
  masterauth?: string;
  masteruser?: string;
  /** Users a `user` line defines (lower case names as written), and whether an aclfile is named. */
  users: Set<string>;
  /** A `user` line sets a password or closes the default user, or an aclfile is named. */
  acl: boolean;
  /** An `aclfile` line (a file inside the node, whose users redcheck cannot see). */
  aclfile: boolean;
}

function authLines(lines: readonly string[]): AuthLines {
  const out: AuthLines = { users: new Set(), acl: false, aclfile: false };
  for (const line of lines) {
    const words = configWords(line);
    if (words === null) continue;
    const [d = '', first] = words;
    const directive = d.toLowerCase();
    if (directive === 'requirepass') out.requirepass = first ?? '';
    else if (directive === 'masterauth') out.masterauth = first ?? '';
    else if (directive === 'masteruser') out.masteruser = first ?? '';
    else if (directive === 'aclfile') out.acl = out.aclfile = true;
    else if (directive === 'user' && first !== undefined) {
      out.users.add(first);
      const rules = words.slice(2);
      const closesDefault = first === 'default' && rules.some((w) => /^(off|resetpass)$/i.test(w));
      if (closesDefault || rules.some((w) => /^[>#]/.test(w))) out.acl = true;
    }
  }
  return out;
}

function authError(where: string, problem: string, fix: string): RedcheckError {
  return new RedcheckError('E_REDIS_CONF', `${where}: ${problem}`, fix);
}

/**
 * The credentials redcheck's clients, health checks, faults and sentinels use for the data
 * nodes of a config made of `lines` (the --redis-conf file's, then --redis-config's), or
 * undefined when the nodes take no password. E_REDIS_CONF (exit 2) naming the fix when the
 * config protects the nodes in a way redcheck cannot follow.
 */
export function redisConfAuth(
  lines: readonly string[],
  where = 'the redis.conf',
): Credentials | undefined {
  const a = authLines(lines);
  const masteruser = a.masteruser === '' ? undefined : a.masteruser;
  const masterauth = a.masterauth === '' ? undefined : a.masterauth;
  if (masteruser !== undefined) {
    if (masterauth === undefined) {
      throw authError(
        where,
        `masteruser ${masteruser} without masterauth`,
        `add \`masterauth <the password of ${masteruser}>\`: replicas and redcheck connect as ${masteruser} with it`,
      );
    }
    if (masteruser !== 'default' && !a.users.has(masteruser) && !a.aclfile) {
      throw authError(
        where,
        `masteruser ${masteruser} names no user the config defines`,
        `define it, e.g. \`user ${masteruser} on >password ~* &* +@all\`, or name a user the config defines`,
      );
    }
    return { user: masteruser, password: masterauth };
  }
  if (a.acl) {
    throw authError(
      where,
      'ACL users (an aclfile, a user with a password, or the default user closed) but no masteruser',
      'name the user that replicas and redcheck connect as: add `masteruser <user>` and `masterauth <its password>` (the user needs every command: `+@all ~* &*`)',
    );
  }
  if (masterauth !== undefined) return { password: masterauth };
  if (a.requirepass !== undefined && a.requirepass !== '') return { password: a.requirepass };
  return undefined;
}

/**
 * Every password a config's lines hold (requirepass, masterauth, users' `>`/`<` rules,
 * sentinel auth-pass), longest first: what `redactSecrets` removes from a node's output.
 */
export function configSecrets(lines: readonly string[]): string[] {
  const out = new Set<string>();
  for (const line of lines) {
    const words = configWords(line);
    if (words === null) continue;
    const d = (words[0] ?? '').toLowerCase();
    if (SECRET_DIRECTIVES.has(d) && words[1]) out.add(words[1]);
    if (d === 'user') for (const w of words.slice(2)) if (/^[><]./.test(w)) out.add(w.slice(1));
    if (d === 'sentinel' && (words[1] ?? '').toLowerCase() === 'auth-pass' && words[3]) {
      out.add(words[3]);
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/** `text` with every one of `secrets` replaced by `(redacted)` (a server's log may echo a config line). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return secrets.reduce((t, s) => t.split(s).join('(redacted)'), text);
}

/** Whether `line` holds a password (requirepass, masterauth, a user's `>`/`<`/`#`/`!` rule, sentinel auth-pass). */
export function isSecretLine(line: string): boolean {
  return redactConfigLine(line) !== line.trim();
}

/**
 * `line` with its secrets replaced by `(redacted)`: the argument of requirepass and
 * masterauth, a user's password rules (`>pass`, `<pass`, `#hash`, `!hash`), a sentinel's
 * auth-pass. Other lines come back trimmed and unchanged.
 */
export function redactConfigLine(line: string): string {
  const words = configWords(line);
  if (words === null || words.length === 0) return line.trim();
  const d = (words[0] ?? '').toLowerCase();
  if (SECRET_DIRECTIVES.has(d) && words.length > 1 && words[1] !== '') {
    return `${words[0]} (redacted)`;
  }
  if (d === 'user' && words.slice(2).some((w) => /^[><#!]/.test(w))) {
    return words.map((w, i) => (i >= 2 && /^[><#!]/.test(w) ? `${w[0]}(redacted)` : w)).join(' ');
  }
  if (d === 'sentinel' && (words[1] ?? '').toLowerCase() === 'auth-pass') {
    return [...words.slice(0, 3), '(redacted)'].join(' ');
  }
  return line.trim();
}
