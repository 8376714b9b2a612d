import { RedcheckError } from '../errors.js';
import { REDIS_FLAVORS, type RedisFlavor } from './types.js';

/** Everything that differs between Redis flavours: packages, binaries, base images. */
export interface FlavorSpec {
  readonly flavor: RedisFlavor;
  /** Image tag redcheck uses, e.g. `redcheck/redis:7.0`. */
  readonly image: string;
  /** Debian suite the offline image is bootstrapped from. */
  readonly suite: 'bookworm' | 'trixie';
  /** Debian packages for the server and the sentinel. */
  readonly packages: readonly string[];
  /** Official image the Dockerfile starts from when a registry is reachable. */
  readonly officialBase: string;
  readonly serverBinary: string;
  readonly sentinelBinary: string;
  readonly cliBinary: string;
}

const SPECS: Record<RedisFlavor, FlavorSpec> = {
  '7.0': {
    flavor: '7.0',
    image: 'redcheck/redis:7.0',
    suite: 'bookworm',
    packages: ['redis-server', 'redis-sentinel'],
    officialBase: 'redis:7.0-bookworm',
    serverBinary: 'redis-server',
    sentinelBinary: 'redis-sentinel',
    cliBinary: 'redis-cli',
  },
  '8.0': {
    flavor: '8.0',
    image: 'redcheck/redis:8.0',
    suite: 'trixie',
    packages: ['redis-server', 'redis-sentinel'],
    officialBase: 'redis:8.0',
    serverBinary: 'redis-server',
    sentinelBinary: 'redis-sentinel',
    cliBinary: 'redis-cli',
  },
  'valkey-8.1': {
    flavor: 'valkey-8.1',
    image: 'redcheck/valkey:8.1',
    suite: 'trixie',
    packages: ['valkey-server', 'valkey-sentinel'],
    officialBase: 'valkey/valkey:8.1',
    serverBinary: 'valkey-server',
    sentinelBinary: 'valkey-sentinel',
    cliBinary: 'valkey-cli',
  },
};

/** Packages every image carries besides Redis: faults need iptables, tc and ps. */
export const TOOL_PACKAGES: readonly string[] = ['iptables', 'iproute2', 'procps'];

export function isRedisFlavor(value: string): value is RedisFlavor {
  return (REDIS_FLAVORS as readonly string[]).includes(value);
}

/** The spec of `flavor`; throws `E_BAD_FLAVOR` naming the valid values. */
export function flavorSpec(flavor: string): FlavorSpec {
  if (!isRedisFlavor(flavor)) {
    throw new RedcheckError(
      'E_BAD_FLAVOR',
      `unknown Redis flavour "${flavor}"`,
      `use one of: ${REDIS_FLAVORS.join(', ')}`,
    );
  }
  return SPECS[flavor];
}
