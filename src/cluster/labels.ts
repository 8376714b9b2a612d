import { hostname } from 'node:os';

/** Docker labels that mark what redcheck created. */

/** On every container and network of a run: the run id. `redcheck cleanup` selects by it. */
export const RUN_LABEL = 'redcheck.run';
/** On run objects: `<hostname>:<pid>` of the process that owns the run (so cleanup can spare live runs). */
export const OWNER_LABEL = 'redcheck.owner';
/** On the run's network: the host-side bridge name (`rc-<short id>`). */
export const BRIDGE_LABEL = 'redcheck.bridge';
/** On containers: the node name (`n1`, ...). */
export const NODE_LABEL = 'redcheck.node';
/** On images: the Redis flavour (`7.0`, `8.0`, `valkey-8.1`). */
export const IMAGE_LABEL = 'redcheck.image';
/** On images: the tools' version (`requiredImageVersion()`); older or absent means stale. */
export const IMAGE_VERSION_LABEL = 'redcheck.image.version';
/** On images: how it was built (`offline` debootstrap or `dockerfile`). */
export const IMAGE_SOURCE_LABEL = 'redcheck.image.source';
/** Prefix of every host-side bridge a run creates. */
export const BRIDGE_PREFIX = 'rc-';
/** On a node's helper container: the node's name (`n1`, ...). */
export const HELPER_LABEL = 'redcheck.helper';

/** The labels every object of a run carries: its run id and its owner (`<hostname>:<pid>`, us). */
export function runLabels(runId: string): { [RUN_LABEL]: string; [OWNER_LABEL]: string } {
  return { [RUN_LABEL]: runId, [OWNER_LABEL]: `${hostname()}:${process.pid}` };
}

/** A Docker listing filter: the objects of run `runId`, or of every run when it is undefined. */
export function labelFilter(runId?: string): { label: string[] } {
  return { label: [runId ? `${RUN_LABEL}=${runId}` : RUN_LABEL] };
}
