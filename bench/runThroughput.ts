/**
 * `run` throughput: ops/s that `redcheck run` records with 10 workers against one Redis
 * container (standalone, async, no faults, ~10 s), next to `redis-benchmark -c 10 -P 1`
 * (SET) from the host against the same container, measured in the same bench run.
 * Target: ratio >= 0.5 for the default client. The same run with `--client ioredis` is
 * printed beside it for reference (not part of the target).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CLIENT_NAMES, type ClientName } from '../src/client/channel.js';
import { DEFAULT_CLIENT } from '../src/client/clientOptions.js';
import { Redis } from 'ioredis';
import { startDeployment } from '../src/cluster/index.js';
import { runScenario } from '../src/runner/runScenario.js';
import { resolveScenario } from '../src/runner/scenario.js';
import type { BenchSection } from './section.js';
import { printTable } from './table.js';

const execFileAsync = promisify(execFile);
const TARGET = 0.5;
const SECONDS = 10;
/** redis-benchmark requests: 5-10 s at the 40-80k SET/s it reaches here, so it is not a burst. */
const BENCH_REQUESTS = 400_000;

/** `redis-benchmark -q` prints `SET: 51234.57 requests per second, p50=...`. */
async function redisBenchmark(host: string, port: number, requests: number): Promise<number> {
  const { stdout } = await execFileAsync('redis-benchmark', [
    '-h',
    host,
    '-p',
    String(port),
    '-c',
    '10',
    '-P',
    '1',
    '-t',
    'set',
    '-n',
    String(requests),
    '-q',
  ]);
  const m = /SET: ([\d.]+) requests per second/.exec(stdout.replace(/\r/g, '\n'));
  if (!m) throw new Error(`cannot read redis-benchmark output: ${stdout}`);
  return Number(m[1]);
}

/** The section's entry (see `BenchSection.run`). */
export async function run(): Promise<void> {
  const store = mkdtempSync(join(tmpdir(), 'redcheck-bench-'));
  const d = await startDeployment({ topology: 'standalone' });
  try {
    const node = d.nodes[0];
    if (!node) throw new Error('no node');
    const runWith = async (client: ClientName) => {
      // Each run starts from an empty database, as on a fresh deployment.
      const admin = new Redis({ host: node.ip, port: d.redisPort, lazyConnect: true });
      await admin.connect();
      await admin.flushall();
      admin.disconnect();
      const r = await runScenario({
        scenario: resolveScenario({
          topology: 'standalone',
          mode: 'async',
          nemesis: 'none',
          timeLimit: `${SECONDS}s`,
          concurrency: 10,
          seed: 1,
          store,
          client,
        }),
        deployment: d,
        progress: null,
        log: () => undefined,
      });
      return { opsPerSec: r.results.opsPerSec ?? 0, valid: r.results.valid };
    };
    const run = await runWith(DEFAULT_CLIENT);
    const runOps = run.opsPerSec;
    const benchStarted = performance.now();
    const benchOps = await redisBenchmark(node.ip, d.redisPort, BENCH_REQUESTS);
    const benchSeconds = (performance.now() - benchStarted) / 1000;
    const ratio = runOps / benchOps;
    const other = CLIENT_NAMES.find((c) => c !== DEFAULT_CLIENT) ?? DEFAULT_CLIENT;
    const reference = await runWith(other);
    printTable(
      'run throughput vs redis-benchmark (standalone, one container, 10 clients)',
      ['measure', 'ops/s', 'note'],
      [
        [
          `redcheck run, ${DEFAULT_CLIENT} client (default; SADD+RPUSH per op, recorded)`,
          runOps,
          `${SECONDS} s, valid ${String(run.valid)}`,
        ],
        [
          'redis-benchmark -c 10 -P 1 -t set',
          Math.round(benchOps),
          `${BENCH_REQUESTS} requests in ${benchSeconds.toFixed(1)} s, host -> container`,
        ],
        ['ratio run / redis-benchmark', Number(ratio.toFixed(3)), `target >= ${TARGET}`],
        [
          `redcheck run --client ${other} (reference)`,
          reference.opsPerSec,
          `${SECONDS} s, valid ${String(reference.valid)}, ratio ${(reference.opsPerSec / benchOps).toFixed(2)}`,
        ],
      ],
    );
    if (ratio < TARGET) {
      console.log(`[run-throughput] below target: ratio ${ratio.toFixed(3)} < ${TARGET}`);
      process.exitCode = 1;
    }
  } finally {
    await d.dispose();
    rmSync(store, { recursive: true, force: true });
  }
}

const _section: BenchSection = { run };
