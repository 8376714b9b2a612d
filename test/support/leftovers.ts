import { execFileSync } from 'node:child_process';
import { hostname } from 'node:os';
import assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { BRIDGE_PREFIX, connectDocker, OWNER_LABEL, RUN_LABEL } from '../../src/cluster/index.js';

/** What remains of a run: containers and networks by label, its bridge, its zone addresses. */
export async function leftovers(
  docker: Docker,
  runId: string,
  bridge: string | undefined,
  addresses: string[],
): Promise<string[]> {
  const filters = { label: [`${RUN_LABEL}=${runId}`] };
  const found: string[] = [];
  for (const c of await docker.listContainers({ all: true, filters })) {
    found.push(`container ${c.Names.join(',')}`);
  }
  for (const n of await docker.listNetworks({ filters })) found.push(`network ${n.Name}`);
  const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' });
  if (bridge && new RegExp(`^\\d+: ${bridge}[:@]`, 'm').test(links)) found.push(`bridge ${bridge}`);
  const addrs = execFileSync('ip', ['-o', '-4', 'addr', 'show'], { encoding: 'utf8' });
  for (const a of addresses) if (addrs.includes(` ${a}/`)) found.push(`address ${a}`);
  return found;
}

/** Whether the owner label (`host:pid`) names a live process of this host other than us. */
function ownedByAnotherLiveProcess(owner: string | undefined): boolean {
  if (owner === undefined) return false;
  const at = owner.lastIndexOf(':');
  const host = owner.slice(0, at);
  const pid = Number(owner.slice(at + 1));
  if (host !== hostname() || !Number.isInteger(pid) || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const BRIDGE_IN_RULE = new RegExp(`\\b${BRIDGE_PREFIX}[0-9a-f]{8}\\b`, 'g');

/**
 * Everything with redcheck's run label, and every host iptables rule naming a redcheck bridge
 * that no longer exists. Objects owned by another live process (a run someone else is making
 * at the same time) are not ours and are left out.
 */
export async function redcheckObjects(docker: Docker): Promise<string[]> {
  const filters = { label: [RUN_LABEL] };
  const found: string[] = [];
  for (const c of await docker.listContainers({ all: true, filters })) {
    if (ownedByAnotherLiveProcess(c.Labels[OWNER_LABEL])) continue;
    found.push(`container ${c.Names.join(',')} (${RUN_LABEL}=${c.Labels[RUN_LABEL] ?? '?'})`);
  }
  for (const n of await docker.listNetworks({ filters })) {
    if (ownedByAnotherLiveProcess(n.Labels?.[OWNER_LABEL])) continue;
    found.push(`network ${n.Name} (${RUN_LABEL}=${n.Labels?.[RUN_LABEL] ?? '?'})`);
  }
  const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' });
  let rules = '';
  try {
    rules = execFileSync('iptables-save', {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    // No iptables-save (or no permission): nothing to compare.
  }
  for (const line of rules.split('\n')) {
    const bridges = line.match(BRIDGE_IN_RULE) ?? [];
    if (bridges.some((b) => !new RegExp(`^\\d+: ${b}[:@]`, 'm').test(links))) {
      found.push(`iptables ${line}`);
    }
  }
  return found;
}

/**
 * For every `@docker` suite: call once inside its `describe`. Before the suite's own hooks,
 * it lists what redcheck objects already exist; after the suite's own `after` hooks, it fails
 * the suite if containers, networks or iptables rules with the redcheck label were left
 * behind (anything new since the start, not owned by another live process). Does nothing
 * when Docker is unreachable (the suite's `dockerOrSkip` decides whether that is a failure).
 */
export function checkNoLeftovers(): void {
  before(async function () {
    let docker: Docker;
    try {
      docker = await connectDocker();
    } catch {
      return;
    }
    const existing = new Set(await redcheckObjects(docker));
    // Registered now, when the suite's own hooks are all known, so it runs after them.
    this.test?.parent?.afterAll(
      'no redcheck containers, networks or iptables rules remain',
      async () => {
        const left = (await redcheckObjects(docker)).filter((o) => !existing.has(o));
        assert.deepEqual(left, [], 'the suite left these behind');
      },
    );
  });
}
