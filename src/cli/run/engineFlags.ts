import { usageError } from '../parseCommandArgs.js';
import { parseEngines } from '../../cluster/swarm/engines.js';
import { parsePlacement } from '../../cluster/swarm/placement.js';
import type { SwarmSpec } from '../../cluster/swarm/swarmDeployment.js';

/** `run`'s flags that place the nodes over several engines (not scenario fields: where, not what). */
export const ENGINE_FLAGS_HELP = `  --engines <list>         the Docker engines of one swarm to place the nodes on (local,
                           tcp://host:port, ssh://user@host, ...; see docs/beyond-one-machine.md)
  --placement <n1=e,...>   which engine a node goes to (an engine of --engines or its position);
                           the others round-robin`;

/**
 * Take `--engines <list>` and `--placement <spec>` (either as `--flag value` or `--flag=value`)
 * out of `argv`: the rest is the scenario's command line. Undefined spec: one engine, as always.
 */
export function takeEngineFlags(argv: readonly string[]): { rest: string[]; swarm?: SwarmSpec } {
  const rest: string[] = [];
  const found: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const m = /^--(engines|placement)(?:=(.*))?$/.exec(a);
    if (!m) {
      rest.push(a);
      continue;
    }
    const flag = m[1] ?? '';
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === '') throw usageError('run', `--${flag} wants a value`);
    if (found[flag] !== undefined) throw usageError('run', `--${flag} is given twice`);
    found[flag] = value;
  }
  if (found.engines === undefined) {
    if (found.placement !== undefined) {
      throw usageError('run', '--placement places nodes over --engines: give --engines too');
    }
    return { rest };
  }
  const engines = parseEngines(found.engines);
  const placement =
    found.placement === undefined ? undefined : parsePlacement(found.placement, engines);
  return { rest, swarm: { engines, ...(placement ? { placement } : {}) } };
}
