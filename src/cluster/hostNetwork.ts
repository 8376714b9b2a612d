import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BRIDGE_PREFIX } from './labels.js';

const run = promisify(execFile);

/** Run `ip ...` on the host; resolves to stdout, throws with stderr on failure. */
export async function ip(args: string[]): Promise<string> {
  const { stdout } = await run('ip', args, { timeout: 10_000 });
  return stdout;
}

export function ipToInt(addr: string): number {
  const parts = addr.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`not an IPv4 address: ${addr}`);
  }
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** Parse `a.b.c.d/p` into its network base, prefix length and size. */
export function parseCidr(cidr: string): { base: number; prefix: number; size: number } {
  const [addr, p] = cidr.split('/');
  const prefix = Number(p);
  if (!addr || !Number.isInteger(prefix) || prefix < 8 || prefix > 30) {
    throw new Error(`not an IPv4 subnet: ${cidr}`);
  }
  const size = 2 ** (32 - prefix);
  const base = Math.floor(ipToInt(addr) / size) * size;
  return { base, prefix, size };
}

/** The `count` highest host addresses of `cidr`, highest first (broadcast excluded). */
export function topAddresses(cidr: string, count: number): string[] {
  const { base, size } = parseCidr(cidr);
  if (count > size / 4) throw new Error(`subnet ${cidr} too small for ${count} zone addresses`);
  return Array.from({ length: count }, (_, i) => intToIp(base + size - 2 - i));
}

/** IPv4 addresses (`a.b.c.d/p`) on host interface `dev`; empty when it does not exist. */
export async function linkAddresses(dev: string): Promise<string[]> {
  let out: string;
  try {
    out = await ip(['-o', '-4', 'addr', 'show', 'dev', dev]);
  } catch {
    return [];
  }
  return [...out.matchAll(/\binet (\d+\.\d+\.\d+\.\d+\/\d+)/g)].map((m) => m[1] ?? '');
}

export async function addAddress(dev: string, cidrAddr: string): Promise<void> {
  await ip(['addr', 'add', cidrAddr, 'dev', dev]);
}

/** Remove an address; no-op when it (or the interface) is gone. */
export async function delAddress(dev: string, cidrAddr: string): Promise<void> {
  try {
    await ip(['addr', 'del', cidrAddr, 'dev', dev]);
  } catch {
    /* already gone */
  }
}

/** Host interfaces whose name starts with `rc-` (the bridges runs create). */
export async function redcheckLinks(): Promise<string[]> {
  const out = await ip(['-o', 'link', 'show']);
  const names = [...out.matchAll(/^\d+:\s+([^:@\s]+)[@:]/gm)].map((m) => m[1] ?? '');
  return names.filter((n) => n.startsWith(BRIDGE_PREFIX));
}

/** Delete a host interface; no-op when it is gone. */
export async function deleteLink(dev: string): Promise<void> {
  try {
    await ip(['link', 'del', dev]);
  } catch {
    /* already gone */
  }
}
