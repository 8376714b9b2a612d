import { execFileSync } from 'node:child_process';
import type Docker from 'dockerode';
import { RUN_LABEL } from '../../src/cluster/index.js';

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
