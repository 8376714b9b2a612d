/**
 * One Redis command as a workload writes it: the command name, then its arguments, e.g.
 * `['SADD', '{k}:s', 'e1']`. A write is a list of these; the mode decides how they run.
 */
export type RedisCommand = readonly [name: string, ...args: (string | number)[]];

/** `SADD {k}:s e1`, for error messages. */
export function formatCommand(command: RedisCommand): string {
  return command.join(' ');
}
