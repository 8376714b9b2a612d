/**
 * Redis Cluster setup and teardown: time until a `--shards 3 --replicas 1` cluster (six
 * nodes) is formed and healthy, by phase, and time to remove it; 3 rounds. Target: six nodes
 * up in under 10 s on an idle machine (load is printed beside, as it dominates container
 * starts). Phases, one after the other: `network`; `containers` (created and started in
 * parallel, each booting its redis-server); `redis up` (every node answers PING); `form`
 * (MEET, slots, REPLICATE, from the host); `healthy` (until every check passes). The client
 * zones' addresses go on during `containers`.
 */
import { loadavg } from 'node:os';
import { startDeployment } from '../src/cluster/index.js';
import { printTable } from './table.js';

const ROUNDS = 3;
const TARGET_MS = 10_000;

export async function run(): Promise<void> {
  const rows: (string | number)[][] = [];
  let best = Infinity;
  for (let i = 0; i < ROUNDS; i++) {
    const load = loadavg()[0]?.toFixed(1) ?? '?';
    const d = await startDeployment({ topology: 'cluster', shards: 3, replicas: 1 });
    const t0 = Date.now();
    await d.dispose();
    const teardown = Date.now() - t0;
    const t = d.timings;
    best = Math.min(best, t.total ?? Infinity);
    rows.push([
      i + 1,
      t.total ?? 0,
      t.network ?? 0,
      t.containers ?? 0,
      t.redis ?? 0,
      t.form ?? 0,
      t.healthy ?? 0,
      teardown,
      load,
    ]);
  }
  printTable(
    'cluster 3x1: setup and teardown',
    [
      'round',
      'setup ms',
      'network',
      'containers',
      'redis up',
      'form',
      'healthy',
      'teardown ms',
      'load',
    ],
    rows,
  );
  console.log(`best setup ${best} ms (target < ${TARGET_MS} ms on an idle machine)`);
  if (best > TARGET_MS && (loadavg()[0] ?? 0) < 2) process.exitCode = 1;
}
