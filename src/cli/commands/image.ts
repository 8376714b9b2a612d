import { defineCommand } from '../defineCommand.js';
import { RedcheckError } from '../../errors.js';
import {
  buildBareImage,
  buildImage,
  connectDocker,
  flavorSpec,
  imageExists,
} from '../../cluster/index.js';
import { REDIS_FLAVORS, type RedisFlavor } from '../../cluster/types.js';
import type { Command } from '../command.js';

const USAGE = `usage: redcheck image build [--redis <flavor>|all] [--offline] [--force] [--bare]
       redcheck image ls

Build the node image a run needs. From docker/Dockerfile (official image + iptables,
iproute2, procps) when an image registry answers; otherwise (or with --offline) from Debian
packages: debootstrap a minimal root file system and \`docker import\` it (Debian 12: Redis
7.0; Debian 13: Redis 8.0 and Valkey 8.1). Building an image that exists is a no-op.

options:
  --redis <flavor>   ${REDIS_FLAVORS.join('|')}|all (default 7.0)
  --offline          never ask a registry
  --force            rebuild even if the image exists (and re-run debootstrap)
  --bare             also build <image>-bare: only the server binary and its libraries
                     (no shell, no tools), from the flavour's image, offline; stands for
                     a distroless or hardened image in tests (\`--image redcheck/redis-bare:7.0\`)`;

function flavorsOf(value: string): RedisFlavor[] {
  if (value === 'all') return [...REDIS_FLAVORS];
  return [flavorSpec(value).flavor];
}

export const imageCommand: Command = defineCommand({
  name: 'image',
  usage: USAGE,
  positionals: true,
  options: {
    redis: { type: 'string', default: '7.0' },
    offline: { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    bare: { type: 'boolean', default: false },
  },
  async run(parsed) {
    const [sub] = parsed.positionals;
    if (sub !== 'build' && sub !== 'ls') {
      throw new RedcheckError(
        'E_USAGE',
        `unknown image subcommand ${JSON.stringify(sub ?? '')}`,
        'use `redcheck image build` or `redcheck image ls`',
      );
    }
    const flavors = flavorsOf(parsed.values.redis);
    const docker = await connectDocker();
    if (sub === 'ls') {
      for (const f of REDIS_FLAVORS) {
        const { image } = flavorSpec(f);
        console.log(
          `${f.padEnd(11)} ${image.padEnd(22)} ${(await imageExists(docker, image)) ? 'present' : 'missing'}`,
        );
      }
      return 0;
    }
    for (const flavor of flavors) {
      const r = await buildImage(docker, flavor, {
        offline: parsed.values.offline || undefined,
        force: parsed.values.force,
        log: (l) => console.log(l),
      });
      const results = [r];
      if (parsed.values.bare) {
        results.push(
          await buildBareImage(docker, flavor, {
            force: parsed.values.force,
            log: (l) => console.log(l),
          }),
        );
      }
      for (const b of results) {
        console.log(
          b.built
            ? `${b.image}: built (${b.source}) in ${(b.ms / 1000).toFixed(1)} s`
            : `${b.image}: already present, nothing to do`,
        );
      }
    }
    return 0;
  },
});
