import { readFileSync, readdirSync } from 'node:fs';

const DEFAULT_MIRROR = 'http://deb.debian.org/debian';

/**
 * The Debian mirror apt already uses (the main archive, not the security one), read from
 * `/etc/apt/sources.list.d/*.sources` (deb822) or `/etc/apt/sources.list`; the default
 * `deb.debian.org` mirror when neither names one.
 */
export function aptMirror(root = '/etc/apt'): string {
  const candidates: string[] = [];
  try {
    for (const f of readdirSync(`${root}/sources.list.d`).sort()) {
      if (!f.endsWith('.sources')) continue;
      const text = readFileSync(`${root}/sources.list.d/${f}`, 'utf8');
      for (const m of text.matchAll(/^URIs:\s*(\S+)/gim)) if (m[1]) candidates.push(m[1]);
    }
  } catch {
    /* no deb822 sources */
  }
  try {
    const text = readFileSync(`${root}/sources.list`, 'utf8');
    for (const m of text.matchAll(/^deb\s+(?:\[[^\]]*\]\s+)?(\S+)/gm))
      if (m[1]) candidates.push(m[1]);
  } catch {
    /* no sources.list */
  }
  const main = candidates.find((u) => /^https?:\/\//.test(u) && !/security/.test(u));
  return (main ?? DEFAULT_MIRROR).replace(/\/+$/, '');
}
