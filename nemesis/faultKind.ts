import type { Topology } from '../src/cluster/types.js';
import type { Nemesis } from './nemesis.js';

/**
 * A setting of a fault kind that a user may change (`--packet-loss 0.3`): a CLI flag, a
 * scenario field of the same name in camelCase, and a default. Resolved once, with the
 * scenario, into `NemesisContext.options`.
 */
export interface FaultOption {
  /** Flag name, e.g. `packet-loss`; the scenario field is its camelCase form (`packetLoss`). */
  readonly flag: string;
  /** One help line, without the default. */
  readonly help: string;
  readonly default: number | string;
  /**
   * Check a value as a user gave it (a number, or a string from the command line or a file)
   * and return it in its resolved form. Throws an Error whose message says what is expected.
   */
  parse(value: unknown): number | string;
  /**
   * The flag text of a resolved value, which `parse` reads back as the same value (for the
   * re-run command). Default `String(value)`.
   */
  show?(value: number | string): string;
}

/** What a fault kind needs the deployment to provide, merged into its options by the runner. */
export interface FaultDeploymentNeeds {
  /** Each node's data directory on a tmpfs of this size (`256m`), which the fault can fill. */
  readonly dataDirSize?: string;
}

/**
 * One kind of fault: everything the rest of redcheck knows about it. The `--nemesis` parser,
 * the CLI help, the schedule, the fault windows the checkers use and the report all read it
 * here, so adding a fault kind is its module plus one line in `registry.ts`.
 */
export interface FaultKind {
  /** `partition`, `kill`, ...: the `fault` of a `fault[:target]` spec. */
  readonly name: string;
  /** One line for `redcheck run --help`. */
  readonly help: string;
  /** Targets a spec may name; `nodeName` adds node names `n1`, `n2`, ... */
  readonly targets: readonly string[];
  readonly nodeName: boolean;
  /** Target used when the spec names none (`undefined`: the fault takes no target). */
  readonly defaultTarget: string | undefined;
  /** Instantaneous faults (failover) have no stop; the others last for the fault period. */
  readonly instantaneous: boolean;
  /** History `f` of the start and of the stop event (the fault windows are read from them). */
  readonly ops: { readonly start: string; readonly stop?: string };
  /** Topologies the fault makes sense on. */
  readonly topologies: readonly Topology[];
  /**
   * Topologies a spec with this (resolved) target makes sense on, when that depends on the
   * target (`kill:shard-primary` needs a cluster, `kill:primary` one primary). Default
   * `topologies`.
   */
  topologiesFor?(target: string | undefined): readonly Topology[];
  /** The smallest number of Redis nodes a spec with this (resolved) target needs. */
  minNodes(target: string | undefined): number;
  /** Settings of this fault kind (`--packet-loss`), if any. */
  readonly options?: readonly FaultOption[];
  /**
   * What the deployment must provide when a run's faults include this kind, from the run's
   * fault options (resolved). Default nothing.
   */
  deploymentNeeds?(options: Readonly<Record<string, number | string>>): FaultDeploymentNeeds;
  /** The nemesis that injects, verifies and heals this fault. One instance serves a run. */
  create(): Nemesis;
}

/** Which node a process fault hits: the current primary, a random node, or one by name (`n2`). */
export const NODE_TARGET_WORDS: readonly string[] = ['primary', 'random'];

const NODE_NAME = /^n[1-9][0-9]*$/;

/** Whether `target` names a node (`n1`, `n2`, ...). */
export function isNodeName(target: string | undefined): target is string {
  return target !== undefined && NODE_NAME.test(target);
}

/** minNodes of a fault aimed at one node: the named node must exist, else `least` nodes. */
export function nodeTargetMinNodes(least: number): (target: string | undefined) => number {
  return (target) => (isNodeName(target) ? Math.max(least, Number(target.slice(1))) : least);
}

/**
 * The fields of a fault aimed at one node (`primary`, `random`, `n2`) that lasts for the fault
 * period, on every topology with one primary: a kind spreads them, then sets its own.
 */
export const ONE_NODE_FAULT: Pick<
  FaultKind,
  'targets' | 'nodeName' | 'defaultTarget' | 'instantaneous' | 'topologies' | 'minNodes'
> = {
  targets: NODE_TARGET_WORDS,
  nodeName: true,
  defaultTarget: 'primary',
  instantaneous: false,
  topologies: ['standalone', 'replication', 'sentinel'],
  minNodes: nodeTargetMinNodes(1),
};

/** The fields of an instantaneous fault that takes no target (failover, migrate). */
export const INSTANT_FAULT: Pick<
  FaultKind,
  'targets' | 'nodeName' | 'defaultTarget' | 'instantaneous'
> = { targets: [], nodeName: false, defaultTarget: undefined, instantaneous: true };

/** The camelCase scenario field of an option flag: `packet-loss` -> `packetLoss`. */
export function optionField(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
