/**
 * Long runs (issue 19): the default scenario (Sentinel, async, partitions, unthrottled) with
 * `--nemesis-interval 30s` for 1, 5 and 20 minutes (`REDCHECK_BENCH_LONG_MINUTES=1,5` picks),
 * each through the real CLI with `--keep`. For each run: acknowledged writes and the verdict
 * from results.json; an independent recount of the lost writes (the history read with zcat and
 * a line parser of its own, the final state of the settled primary read with `redis-cli
 * SSCAN` and `LRANGE` inside the kept containers); the peak RSS of the CLI's processes,
 * polled from outside (`/proc/<pid>/status` VmHWM of the launcher and its children); each
 * node's `used_memory_peak`; history bytes per event on disk (an event is a line, final reads
 * included); the final-read and check phase times; the load average; and the largest RSS in
 * each phase (the run, under REDCHECK_DEBUG=1, logs each phase's start), to say where the peak
 * is. Then the deployment is
 * removed (`redcheck cleanup --run <id> --all`). Targets: a verdict (not unknown), the recount
 * agrees, peak RSS of the longest run at most 1 GiB and 1.3x the shortest's, at most 25 bytes
 * an event, final reads and check within 60 s each.
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync, readdirSync, mkdtempSync, rmSync, statSync, readlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { printTable } from './table.js';

const execFileAsync = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'redcheck.js');
const GiB = 1024 ** 3;

interface Measured {
  minutes: number;
  acknowledged: number;
  verdict: string;
  lost: number;
  recount: number;
  peakRssMb: number;
  /** Each phase's largest resident set (MB), in the order the run went through them. */
  rssByPhase: [string, number][];
  nodePeakMb: number[];
  bytesPerEvent: number;
  events: number;
  finalReadS: number;
  checkS: number;
  load: string;
}

/** Every process under `pid` (itself included), from /proc's children lists. */
function tree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      for (const t of readdirSync(`/proc/${out[i]}/task`)) {
        const kids = readFileSync(`/proc/${out[i]}/task/${t}/children`, 'utf8').trim();
        if (kids !== '') out.push(...kids.split(/\s+/).map(Number));
      }
    } catch {
      // the process ended
    }
  }
  return out;
}

/**
 * The largest VmHWM (peak resident set, kB) of any process of the tree, polled until it ends;
 * and the largest VmRSS seen in each phase the run logged (`phaseNow()`, from its `[phase]`
 * lines), to say where the peak is.
 */
function pollPeakRss(
  pid: number,
  phaseNow: () => string,
): { stop: () => { peak: number; byPhase: Map<string, number> } } {
  const peaks = new Map<number, number>();
  const byPhase = new Map<string, number>();
  const poll = (): void => {
    let rss = 0;
    for (const p of tree(pid)) {
      try {
        const status = readFileSync(`/proc/${p}/status`, 'utf8');
        const m = /VmHWM:\s+(\d+) kB/.exec(status);
        if (m) peaks.set(p, Math.max(peaks.get(p) ?? 0, Number(m[1])));
        rss = Math.max(rss, Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0));
      } catch {
        // gone
      }
    }
    const phase = phaseNow();
    byPhase.set(phase, Math.max(byPhase.get(phase) ?? 0, rss * 1024));
  };
  const timer = setInterval(poll, 200);
  return {
    stop: () => {
      clearInterval(timer);
      return { peak: Math.max(0, ...peaks.values()) * 1024, byPhase };
    },
  };
}

async function docker(...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('docker', args, { maxBuffer: 1 << 30 });
  return stdout;
}

/** Mark the `e<n>` lines a command prints (redis-cli --raw output, one element a line). */
async function markLines(cmd: string[], mark: (n: number) => void): Promise<void> {
  const child = spawn('docker', cmd, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    const m = /^e(\d+)$/.exec(line.trim());
    if (m) mark(Number(m[1]));
  }
  await new Promise((resolve) => child.on('close', resolve));
}

/** A bitmap by element number that grows. */
class Bits {
  a = new Uint8Array(1 << 20);
  set(n: number): void {
    if (n >= this.a.length) {
      const b = new Uint8Array(Math.max(n + 1, this.a.length * 2));
      b.set(this.a);
      this.a = b;
    }
    this.a[n] = 1;
  }
  has(n: number): boolean {
    return this.a[n] === 1;
  }
}

/**
 * The lost writes counted without the checker: acknowledged `add`s from the history (zcat and
 * a regex per line), minus what the primary holds in either key (redis-cli in its container).
 */
async function recount(
  historyFile: string,
  container: string,
): Promise<{ lost: number; events: number }> {
  const acked = new Bits();
  let events = 0;
  const zcat = spawn('zcat', [historyFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: zcat.stdout });
  const ok = /"type":"ok","f":"add","value":"e(\d+)"/;
  for await (const line of lines) {
    if (line === '') continue;
    events++;
    const m = ok.exec(line);
    if (m) acked.set(Number(m[1]));
  }
  const present = new Bits();
  const keys = (await docker('exec', container, 'redis-cli', '--raw', 'KEYS', '{set*'))
    .split('\n')
    .filter((k) => k !== '');
  for (const key of keys) {
    const read = key.endsWith(':s') ? ['SMEMBERS', key] : ['LRANGE', key, '0', '-1'];
    await markLines(['exec', container, 'redis-cli', '--raw', ...read], (n) => present.set(n));
  }
  let lost = 0;
  for (let n = 0; n < acked.a.length; n++) if (acked.has(n) && !present.has(n)) lost++;
  return { lost, events };
}

async function longRun(minutes: number): Promise<Measured> {
  const store = mkdtempSync(join(tmpdir(), 'redcheck-long-'));
  const load0 = loadavg()[0] as number;
  try {
    const args = [
      BIN,
      'run',
      '--time-limit',
      `${minutes * 60}s`,
      '--nemesis-interval',
      '30s',
      '--keep',
      '--store',
      store,
    ];
    console.log(`[long-run] ${minutes} min: node ${args.slice(1).join(' ')}`);
    // REDCHECK_DEBUG=1: the run logs each phase's start (`[phase] <name>, rss ...`).
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, REDCHECK_DEBUG: '1' },
    });
    let stderr = '';
    let phaseNow = 'start';
    createInterface({ input: child.stderr }).on('line', (line) => {
      stderr = (stderr + line + '\n').slice(-20_000);
      const m = /^\[phase\] ([\w-]+)(?!.* done in)/.exec(line);
      if (m) phaseNow = m[1] as string;
    });
    const rss = pollPeakRss(child.pid as number, () => phaseNow);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const { peak, byPhase } = rss.stop();
    const runId = readlinkSync(join(store, 'latest'));
    const dir = join(store, runId);
    let results: {
      valid: unknown;
      checkers: { set?: { acknowledged: number; lost: number } };
      phases: Record<string, number>;
      settle?: { primary?: string };
    };
    try {
      results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as typeof results;
    } catch {
      throw new Error(`the run (exit ${code}) stored no results: ${stderr.slice(-2000)}`);
    }
    const containers = (
      await docker(
        'ps',
        '--filter',
        `label=redcheck.run=${runId}`,
        '--format',
        '{{.Names}} {{.Label "redcheck.node"}} {{.Label "redcheck.helper"}}',
      )
    )
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split(' ') as [string, string, string?]);
    const nodes = containers.filter(([, node, helper]) => /^n\d+$/.test(node) && !helper);
    const nodePeakMb: number[] = [];
    for (const [c] of nodes) {
      const info = await docker('exec', c, 'redis-cli', 'INFO', 'memory');
      const m = /used_memory_peak:(\d+)/.exec(info);
      if (m) nodePeakMb.push(Math.round(Number(m[1]) / 1e6));
    }
    const primary = nodes.find(([, node]) => node === results.settle?.primary)?.[0];
    const history = join(dir, 'history.jsonl.gz');
    const counted = primary ? await recount(history, primary) : { lost: -1, events: 0 };
    await execFileAsync(process.execPath, [BIN, 'cleanup', '--run', runId, '--all'], { cwd: ROOT });
    const set = results.checkers.set;
    return {
      minutes,
      acknowledged: set?.acknowledged ?? 0,
      verdict: String(results.valid),
      lost: set?.lost ?? -1,
      recount: counted.lost,
      peakRssMb: Math.round(peak / 1e6),
      rssByPhase: [...byPhase].map(([p, b]) => [p, Math.round(b / 1e6)]),
      nodePeakMb,
      bytesPerEvent: counted.events === 0 ? NaN : statSync(history).size / counted.events,
      events: counted.events,
      finalReadS: (results.phases['final-reads'] ?? NaN) / 1000,
      checkS: (results.phases.check ?? NaN) / 1000,
      load: `${load0.toFixed(1)} -> ${(loadavg()[0] as number).toFixed(1)}`,
    };
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
}

/** The section's entry (see `BenchSection.run`). */
export async function run(): Promise<void> {
  const minutes = (process.env.REDCHECK_BENCH_LONG_MINUTES ?? '1,5,20')
    .split(',')
    .map(Number)
    .filter((m) => m > 0);
  const rows: Measured[] = [];
  for (const m of minutes) rows.push(await longRun(m));
  printTable(
    `long runs: default scenario, --nemesis-interval 30s (load average of 2 cores shared)`,
    [
      'minutes',
      'acknowledged',
      'verdict',
      'lost',
      'recount',
      'agrees',
      'peak RSS MB',
      'node peak MB',
      'events',
      'B/event',
      'final read s',
      'check s',
      'load 1m',
    ],
    rows.map((r) => [
      String(r.minutes),
      r.acknowledged.toLocaleString('en-US'),
      r.verdict,
      String(r.lost),
      String(r.recount),
      r.lost === r.recount ? 'yes' : 'NO',
      String(r.peakRssMb),
      r.nodePeakMb.join('/'),
      r.events.toLocaleString('en-US'),
      r.bytesPerEvent.toFixed(1),
      r.finalReadS.toFixed(1),
      r.checkS.toFixed(1),
      r.load,
    ]),
  );
  for (const r of rows) {
    const phases = r.rssByPhase.map(([p, mb]) => `${p} ${mb}`).join(', ');
    console.log(`${r.minutes} min: largest RSS by phase (MB): ${phases}`);
  }
  const longest = rows[rows.length - 1];
  const shortest = rows[0];
  const missed: string[] = [];
  for (const r of rows) {
    if (r.verdict === 'unknown') missed.push(`${r.minutes} min: verdict unknown`);
    if (r.lost !== r.recount) missed.push(`${r.minutes} min: recount ${r.recount} != ${r.lost}`);
    if (r.bytesPerEvent > 25)
      missed.push(`${r.minutes} min: ${r.bytesPerEvent.toFixed(1)} B/event`);
    if (r.finalReadS > 60) missed.push(`${r.minutes} min: final reads ${r.finalReadS} s`);
    if (r.checkS > 60) missed.push(`${r.minutes} min: check ${r.checkS} s`);
  }
  if (longest && shortest && longest !== shortest) {
    if (longest.peakRssMb * 1e6 > GiB) missed.push(`peak RSS ${longest.peakRssMb} MB over 1 GiB`);
    if (longest.peakRssMb > 1.3 * shortest.peakRssMb) {
      missed.push(
        `peak RSS ${longest.peakRssMb} MB over 1.3x the ${shortest.minutes}-min run's ${shortest.peakRssMb} MB`,
      );
    }
  }
  if (missed.length > 0) {
    console.log(`[long-run] missed: ${missed.join('; ')}`);
    process.exitCode = 1;
  }
}
