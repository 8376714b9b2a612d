import { createReadStream } from 'node:fs';
import type Docker from 'dockerode';
import { followBuild } from '../imageBuild.js';
import { imageOnEngine } from '../imageOnEngine.js';
import { IMAGE_LABEL, IMAGE_SOURCE_LABEL } from '../labels.js';
import { rootfsTarball, type RootfsSpec } from '../rootfsTarball.js';

/**
 * The image of a "machine" in the swarm in a box: Debian 12 with Debian's own `docker.io`
 * (dockerd, containerd, runc), iptables and iproute2, built offline as the node images are
 * (debootstrap against apt's mirror, cached under /var/cache/redcheck, then `docker import`).
 */
export const ENGINE_IMAGE = 'redcheck/swarm-engine:bookworm';

const SPEC: RootfsSpec = {
  flavor: 'swarm-engine',
  suite: 'bookworm',
  packages: ['docker.io'],
};

export interface EngineImageResult {
  image: string;
  built: boolean;
  ms: number;
}

/** Build the engine image unless it exists; `force` rebuilds it (and its cached rootfs). */
export async function buildEngineImage(
  docker: Docker,
  o: { force?: boolean; log?: (line: string) => void } = {},
): Promise<EngineImageResult> {
  const log = o.log ?? (() => undefined);
  const t0 = Date.now();
  if (!o.force && (await imageOnEngine(docker, ENGINE_IMAGE))) {
    return { image: ENGINE_IMAGE, built: false, ms: Date.now() - t0 };
  }
  const tar = await rootfsTarball(SPEC, { log, force: o.force });
  const [repo, tag] = ENGINE_IMAGE.split(':');
  log(`[swarm] docker import ${tar} as ${ENGINE_IMAGE}`);
  const stream = await docker.importImage(createReadStream(tar), {
    repo,
    tag,
    changes: [
      `LABEL ${IMAGE_LABEL}=swarm-engine`,
      `LABEL ${IMAGE_SOURCE_LABEL}=offline`,
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'CMD ["dockerd"]',
    ],
  });
  await followBuild(docker, stream, log);
  const ms = Date.now() - t0;
  log(`[swarm] built ${ENGINE_IMAGE} in ${(ms / 1000).toFixed(1)} s`);
  return { image: ENGINE_IMAGE, built: true, ms };
}
