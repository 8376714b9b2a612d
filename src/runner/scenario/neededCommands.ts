import type { Topology } from '../../cluster/types.js';

/**
 * The commands a run sends to its data nodes, read from the code that sends them (grep the
 * command arrays in workloads/, src/client/modes/, src/runner/observers/, src/cluster/):
 * a `rename-command` of one of them makes the run fail for a reason that is not under test.
 */
const ALWAYS = [
  // health, setup, the node and replication observers, the version
  'PING',
  'INFO',
  'CONFIG',
  'CLIENT',
  // the probes observer (src/runner/observers/probes.ts): its own keys, a busy script
  'DEL',
  'SET',
  'GET',
  'INCR',
  'MULTI',
  'EXEC',
  'EVAL',
  // called by the probes' busy script: a rename applies inside scripts too
  'TIME',
];

/** What a replica sends its primary to sync (a rename breaks replication itself). */
const REPLICA_SYNC = ['PSYNC', 'SYNC', 'REPLCONF'];

const BY_WORKLOAD: Record<string, readonly string[]> = {
  set: ['SADD', 'RPUSH', 'SSCAN', 'LRANGE'],
  append: ['RPUSH', 'LRANGE', 'KEYS'],
  counter: ['INCRBY', 'GET'],
  // compare-and-set: a script, or WATCH and a transaction
  register: ['GET', 'SET', 'EVAL', 'WATCH', 'UNWATCH', 'MULTI', 'EXEC'],
};

const BY_MODE: Record<string, readonly string[]> = {
  async: [],
  wait: ['WAIT'],
  multi: ['MULTI', 'EXEC'],
  lua: ['EVALSHA', 'EVAL'],
  waitaof: ['WAITAOF'],
};

const BY_TOPOLOGY: Record<Topology, readonly string[]> = {
  standalone: [],
  replication: ['REPLICAOF', ...REPLICA_SYNC],
  // a sentinel's own commands to the data nodes: hello messages, failover, config rewrite
  sentinel: ['REPLICAOF', 'SENTINEL', 'PUBLISH', 'SUBSCRIBE', ...REPLICA_SYNC],
  cluster: ['CLUSTER', 'READONLY', 'ASKING', ...REPLICA_SYNC],
};

/** The upper-case names of every command a run of this shape sends to a data node. */
export function neededCommands(s: {
  workload: string;
  mode: string;
  topology: Topology;
}): Set<string> {
  return new Set([
    ...ALWAYS,
    ...(BY_WORKLOAD[s.workload] ?? []),
    ...(BY_MODE[s.mode] ?? []),
    ...BY_TOPOLOGY[s.topology],
  ]);
}
