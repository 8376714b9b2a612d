/**
 * Huge histories: a generated register `history.jsonl` of BENCH_HISTORY_MB megabytes (default
 * 1024; reads, writes of fresh values and cas by 50 processes over 100 keys, linearizable by
 * construction, see `registerHistory.ts`), measured two ways:
 *
 * - **read**: `loadHistory` as `check` reads it (format detection, every op validated, the
 *   history rules checked), the ops streamed and paired (`OpPairer`), not kept; in this process.
 * - **check**: `redcheck check <file>` as a user runs it, in a child process: the file is over
 *   64 MiB, so it is checked streamed (`checkLinearizabilityStreamed`). The child reports its
 *   own peak resident memory when it exits.
 *
 * Prints MB of input per second and peak RSS for each. Target: peak RSS under 1 GiB, and the
 * verdict `linearizable`. The file goes to the system's temporary folder and is removed.
 */
import { spawn } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHistory } from '../src/history/load.js';
import { OpPairer } from '../src/history/pairOps.js';
import { generateRegisterHistory } from './registerHistory.js';
import { printTable } from './table.js';

const MB = 1024 * 1024;
const TARGET_PEAK_BYTES = 1024 * MB;
const BIN = join(import.meta.dirname, '..', 'bin', 'redcheck.js');
/** Loaded into the child before the CLI: prints its peak RSS (bytes) as it exits. */
const REPORT_PEAK = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\npeak-rss '+process.resourceUsage().maxRSS*1024+'\\n'))`;

interface Measured {
  seconds: number;
  peakBytes: number;
  verdict: string;
}

/** `loadHistory` with the ops paired and dropped, in this process. */
async function read(file: string): Promise<Measured> {
  let completed = 0;
  const pairer = new OpPairer((_inv, done) => {
    if (done !== undefined) completed++;
  });
  const start = performance.now();
  await loadHistory(file, 'auto', { keep: false, onOp: (op) => pairer.push(op) });
  pairer.finish();
  return {
    seconds: (performance.now() - start) / 1000,
    peakBytes: process.resourceUsage().maxRSS * 1024,
    verdict: `${completed.toLocaleString('en')} ops completed`,
  };
}

/** `redcheck check <file>` in a child process. */
async function check(file: string): Promise<Measured> {
  const start = performance.now();
  const child = spawn(process.execPath, ['--import', REPORT_PEAK, BIN, 'check', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const peak = /peak-rss (\d+)/.exec(err)?.[1];
  if (peak === undefined) throw new Error(`check exited ${code} without its peak RSS: ${err}`);
  return {
    seconds: (performance.now() - start) / 1000,
    peakBytes: Number(peak),
    verdict: `exit ${code}: ${/: ([^(]+)\(/.exec(out)?.[1]?.trim() ?? out.trim().slice(0, 60)}`,
  };
}

export async function run(): Promise<void> {
  const megabytes = Number(process.env.BENCH_HISTORY_MB ?? 1024);
  const file = join(tmpdir(), `redcheck-bench-history-${process.pid}.jsonl`);
  try {
    const genStart = performance.now();
    const generated = await generateRegisterHistory(file, megabytes * MB);
    const size = statSync(file).size;
    console.log(
      `generated ${(size / MB).toFixed(0)} MB: ${generated.ops.toLocaleString('en')} ops, ${generated.events.toLocaleString('en')} events in ${((performance.now() - genStart) / 1000).toFixed(1)} s`,
    );
    const rows: [string, Measured][] = [
      ['read (streamed, paired, not kept)', await read(file)],
      ['redcheck check (child process)', await check(file)],
    ];
    printTable(
      `huge history: ${(size / MB).toFixed(0)} MB, ${generated.ops.toLocaleString('en')} register ops`,
      ['what', 'seconds', 'MB/s', 'peak RSS', 'target', 'result'],
      rows.map(([what, m]) => [
        what,
        m.seconds.toFixed(1),
        (size / MB / m.seconds).toFixed(1),
        `${(m.peakBytes / MB).toFixed(0)} MB`,
        `< ${TARGET_PEAK_BYTES / MB} MB`,
        m.verdict,
      ]),
    );
    for (const [what, m] of rows) {
      if (m.peakBytes >= TARGET_PEAK_BYTES) {
        console.error(`${what}: peak RSS ${(m.peakBytes / MB).toFixed(0)} MB is over 1 GiB`);
        process.exitCode = 1;
      }
    }
    const checked = rows[1]?.[1];
    if (checked && !checked.verdict.startsWith('exit 0')) {
      console.error(
        `redcheck check did not find the generated history linearizable: ${checked.verdict}`,
      );
      process.exitCode = 1;
    }
  } finally {
    rmSync(file, { force: true });
  }
}
