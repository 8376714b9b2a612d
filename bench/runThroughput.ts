/**
 * `run` throughput: ops/s that `redcheck run` records with 10 workers against one Redis
 * container (standalone, async, no faults, ~10 s), next to `redis-benchmark -c 10 -P 1`
 * (SET) from the host against the same container, measured in the same bench run:
 * BENCH_RUNS rounds (default 5), each a run then a redis-benchmark, so each ratio is of two
 * measurements minutes apart at most; the median ratio and its spread are printed. One
 * harness op is one round trip (SADD and RPUSH pipelined). Target (issue 22): median ratio
 * >= 0.9 for the default client. The same run with `--client ioredis` is printed once
 * beside it for reference (not part of the target).
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
const TARGET = 0.9;
const SECONDS = 10;
/**
 * redis-benchmark requests: twice what the run just did in its SECONDS, within these bounds,
 * so that it runs for about as long as the run whatever the machine's load (not a burst).
 */
const MIN_REQUESTS = 50_000;
const MAX_REQUESTS = 400_000;

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
    const rounds = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
    const measured: { ops: number; bench: number; requests: number; seconds: number }[] = [];
    let valid = true;
    for (let i = 0; i < rounds; i++) {
      const run = await runWith(DEFAULT_CLIENT);
      valid &&= run.valid === true;
      const requests = Math.round(
        Math.min(MAX_REQUESTS, Math.max(MIN_REQUESTS, run.opsPerSec * SECONDS * 2)),
      );
      const started = performance.now();
      const bench = await redisBenchmark(node.ip, d.redisPort, requests);
      const seconds = (performance.now() - started) / 1000;
      measured.push({ ops: run.opsPerSec, bench, requests, seconds });
    }
    const ratios = measured.map((m) => m.ops / m.bench).sort((a, b) => a - b);
    const median = (xs: readonly number[]): number => {
      const s = [...xs].sort((a, b) => a - b);
      const mid = s.length >> 1;
      return s.length % 2 === 1
        ? (s[mid] as number)
        : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
    };
    const ratio = median(ratios);
    const spread = `${(ratios[0] as number).toFixed(2)}-${(ratios.at(-1) as number).toFixed(2)}`;
    const other = CLIENT_NAMES.find((c) => c !== DEFAULT_CLIENT) ?? DEFAULT_CLIENT;
    const reference = await runWith(other);
    const benchMedian = median(measured.map((m) => m.bench));
    printTable(
      `run throughput vs redis-benchmark (standalone, one container, 10 clients), ${rounds} round(s)`,
      ['round', 'run ops/s', 'redis-benchmark req/s', 'ratio', 'note'],
      [
        ...measured.map((m, i) => [
          i + 1,
          m.ops,
          Math.round(m.bench),
          Number((m.ops / m.bench).toFixed(3)),
          `${m.requests} requests in ${m.seconds.toFixed(1)} s`,
        ]),
        [
          'median',
          median(measured.map((m) => m.ops)),
          Math.round(benchMedian),
          Number(ratio.toFixed(3)),
          `ratio spread ${spread}; target >= ${TARGET}; runs valid ${String(valid)}`,
        ],
      ],
    );
    console.log(
      `redcheck run --client ${other} (reference): ${reference.opsPerSec} ops/s, valid ${String(reference.valid)}, ratio to the median redis-benchmark ${(reference.opsPerSec / benchMedian).toFixed(2)}`,
    );
    if (ratio < TARGET) {
      console.log(`[run-throughput] below target: median ratio ${ratio.toFixed(3)} < ${TARGET}`);
      process.exitCode = 1;
    }
  } finally {
    await d.dispose();
    rmSync(store, { recursive: true, force: true });
  }
}

const _section: BenchSection = { run };
