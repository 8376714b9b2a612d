import { randomBytes } from 'node:crypto';

/** A fresh run id, `YYYYMMDDTHHMMSS-xxxx` (UTC), sortable by start time. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}
