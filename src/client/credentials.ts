import type { RedisCommand } from './redisCommand.js';

/**
 * How redcheck's connections to a data node authenticate: `AUTH [user] password` right after
 * connecting. Never written to a run's files or printed (see `redactConfigLine`).
 */
export interface Credentials {
  /** The ACL user; undefined is the default user (`AUTH <password>`). */
  readonly user?: string;
  readonly password: string;
}

/** The AUTH command for `c`. */
export function authCommand(c: Credentials): RedisCommand {
  return c.user === undefined ? ['AUTH', c.password] : ['AUTH', c.user, c.password];
}
