/**
 * Go Porcupine on the same histories, in the same bench run: `go test` of Porcupine's own
 * benchmarks (BenchmarkEtcdJepsenNNN, BenchmarkKv*) in a checkout the user points at with
 * REDCHECK_PORCUPINE_DIR. Each benchmark runs one check per run (`-benchtime 1x`), `runs`
 * times (`-count`), so its best is the best of `runs` checks, parsing excluded (their
 * benchmarks reset the timer after parsing), as ours is. Nothing of Porcupine is kept here:
 * the bench only runs `go test` in that directory.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Go's best time per `file|model` (ms), and how Go was run. */
export interface GoTimes {
  readonly best: Map<string, number>;
  readonly version: string;
  readonly dir: string;
  readonly commit: string;
}

/** Why Go was not run, or the directory and `go` to run it with. */
export function goSetup(): { dir: string } | { skipped: string } {
  const dir = process.env.REDCHECK_PORCUPINE_DIR;
  if (dir === undefined || dir === '')
    return { skipped: 'REDCHECK_PORCUPINE_DIR is not set (point it at a Porcupine checkout)' };
  if (!existsSync(path.join(dir, 'porcupine_test.go')))
    return { skipped: `${dir} has no porcupine_test.go: not a Porcupine checkout` };
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
  } catch {
    return { skipped: '`go` is not installed (e.g. apt-get install golang-go)' };
  }
  return { dir };
}

/** The file and model of one of Porcupine's benchmark names, or undefined for others. */
export function caseOfBenchmark(name: string): string | undefined {
  const etcd = /^BenchmarkEtcdJepsen(\d{3})$/.exec(name);
  if (etcd) return `jepsen/etcd_${etcd[1]}.log|etcdModel`;
  const kv = /^BenchmarkKv(NoPartition)?(\d+)Clients?(Ok|Bad)$/.exec(name);
  if (!kv) return undefined;
  const file = `kv/c${(kv[2] ?? '').padStart(2, '0')}-${kv[3] === 'Ok' ? 'ok' : 'bad'}.txt`;
  return `${file}|${kv[1] ? 'kvNoPartitionModel' : 'kvModel'}`;
}

/** Parses `go test -bench` output: the best ns/op of each benchmark, by `file|model`, in ms. */
export function parseGoBench(out: string): Map<string, number> {
  const best = new Map<string, number>();
  for (const line of out.split('\n')) {
    const m = /^(Benchmark\w+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns\/op/.exec(line);
    if (!m) continue;
    const key = caseOfBenchmark(m[1] ?? '');
    if (key === undefined) continue;
    const ms = Number(m[2]) / 1e6;
    best.set(key, Math.min(best.get(key) ?? Infinity, ms));
  }
  return best;
}

/** Runs Porcupine's benchmarks `runs` times each in `dir`; throws with Go's output on failure. */
export async function runGo(dir: string, runs: number): Promise<GoTimes> {
  const version = execFileSync('go', ['version'], { encoding: 'utf8' }).trim();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    // not a git checkout: the commit stays unknown
  }
  const args = [
    'test',
    '-run',
    '^$',
    '-bench',
    '^Benchmark(EtcdJepsen|Kv)',
    '-benchtime',
    '1x',
    '-count',
    String(runs),
    '-timeout',
    '60m',
    '.',
  ];
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn('go', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(text)
        : reject(new Error(`go ${args.join(' ')} in ${dir} exited ${code}:\n${text.slice(-2000)}`)),
    );
  });
  return { best: parseGoBench(out), version, dir, commit };
}
