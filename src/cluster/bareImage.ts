import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type Docker from 'dockerode';
import { RedcheckError } from '../errors.js';
import { flavorSpec } from './flavor.js';
import {
  buildImage,
  followBuild,
  type ImageBuildOptions,
  type ImageBuildResult,
} from './imageBuild.js';
import { imageOnEngine } from './imageOnEngine.js';
import { IMAGE_LABEL, IMAGE_SOURCE_LABEL } from './labels.js';
import { CACHE_DIR } from './rootfsTarball.js';
import type { RedisFlavor } from './types.js';

/**
 * A tool-free image of a flavour: nothing in its root file system but the server binary and
 * the libraries it links (no shell, no CLI, no iptables, no coreutils), taken from redcheck's
 * own image of that flavour. It stands for a user's distroless or hardened image: every fault
 * must work on it from outside the node. Built offline (a multi-stage build from the local
 * image, `FROM scratch`), and a no-op when it exists.
 */
export function bareImageName(flavor: RedisFlavor): string {
  const spec = flavorSpec(flavor);
  const [repo, tag] = spec.image.split(':');
  return `${repo}-bare:${tag}`;
}

/** The Dockerfile: copy the server and what `ldd` lists into an empty image. */
function dockerfile(from: string, server: string): string {
  return [
    `FROM ${from} AS source`,
    // The source image preloads its fsync tracker; ldd must list the server's own libraries.
    'ENV LD_PRELOAD=',
    'RUN set -e; mkdir -p /out/usr/bin /out/data /out/tmp; ' +
      `s=$(command -v ${server}); cp -L "$s" /out/usr/bin/${server}; ` +
      `for f in $(ldd "$s" | grep -o '/[^ ]*'); do mkdir -p "/out$(dirname "$f")"; cp -L "$f" "/out$f"; done`,
    'FROM scratch',
    'COPY --from=source /out/ /',
    'ENV PATH=/usr/local/bin:/usr/bin:/bin',
    `CMD ["${server}"]`,
    '',
  ].join('\n');
}

/** Build (or find) the tool-free image of `flavor`; builds redcheck's own image first if needed. */
export async function buildBareImage(
  docker: Docker,
  flavor: RedisFlavor,
  o: ImageBuildOptions = {},
): Promise<ImageBuildResult> {
  const log = o.log ?? (() => undefined);
  const spec = flavorSpec(flavor);
  const image = bareImageName(flavor);
  const t0 = Date.now();
  if (!o.force) {
    if (await imageOnEngine(docker, image)) {
      log(`[image] ${image} exists`);
      return { image, built: false, source: 'existing', ms: Date.now() - t0 };
    }
  }
  await buildImage(docker, flavor, { ...o, force: false });
  const dir = `${CACHE_DIR}/build-bare-${flavor}-${process.pid}-${Date.now()}`;
  mkdirSync(dir, { recursive: true });
  try {
    writeFileSync(`${dir}/Dockerfile`, dockerfile(spec.image, spec.serverBinary));
    log(`[image] building ${image}: ${spec.serverBinary} and its libraries from ${spec.image}`);
    const stream = await docker.buildImage(
      { context: dir, src: ['Dockerfile'] },
      {
        t: image,
        labels: { [IMAGE_LABEL]: `${flavor}-bare`, [IMAGE_SOURCE_LABEL]: 'bare' },
      },
    );
    await followBuild(docker, stream, log);
  } catch (e) {
    throw new RedcheckError(
      'E_IMAGE_BUILD',
      `building ${image} from ${spec.image} failed: ${String(e)}`,
      `rebuild the source image (\`redcheck image build --redis ${flavor} --force\`) and retry`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const ms = Date.now() - t0;
  log(`[image] built ${image} in ${(ms / 1000).toFixed(1)} s`);
  return { image, built: true, source: 'offline', ms };
}
