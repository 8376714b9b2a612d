/**
 * Reading a huge history: a generated `history.jsonl` of BENCH_HISTORY_MB megabytes (default
 * 1024) of register ops by 50 processes over 100 keys, read by `loadHistory` as `check` reads
 * it (format detection, every op validated, the history rules checked) with ops streamed and
 * paired (OpPairer: memory is the ops in flight), not kept. Prints MB of input per second and
 * the peak resident memory of the process. Target: peak RSS under 1 GiB.
 *
 * The file is written to the system's temporary folder and removed afterwards.
 */
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHistory } from '../src/history/load.js';
import { OpPairer } from '../src/history/pairOps.js';
import { printTable } from './table.js';

const MB = 1024 * 1024;
const TARGET_PEAK_BYTES = 1024 * MB;

/** Write about `bytes` of valid history, 4 MB at a time (the generator keeps nothing). */
async function generate(file: string, bytes: number): Promise<number> {
  const out = createWriteStream(file);
  let written = 0;
  let index = 0;
  let time = 0;
  const pending: (number | undefined)[] = new Array<number | undefined>(50);
  while (written < bytes) {
    let chunk = '';
    while (chunk.length < 4 * MB) {
      const process = index % 50;
      const key = String((index * 7) % 100);
      const inFlight = pending[process];
      time += 1000;
      if (inFlight === undefined) {
        pending[process] = index;
        chunk += `{"index":${index},"time":${time},"process":${process},"type":"invoke","f":"write","value":${index},"key":"${key}"}\n`;
      } else {
        pending[process] = undefined;
        chunk += `{"index":${index},"time":${time},"process":${process},"type":"ok","f":"write","value":${inFlight},"key":"${key}"}\n`;
      }
      index++;
    }
    written += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return index;
}

export async function run(): Promise<void> {
  const megabytes = Number(process.env.BENCH_HISTORY_MB ?? 1024);
  const file = join(tmpdir(), `redcheck-bench-history-${process.pid}.jsonl`);
  try {
    const genStart = performance.now();
    const ops = await generate(file, megabytes * MB);
    const size = statSync(file).size;
    console.log(
      `generated ${(size / MB).toFixed(0)} MB, ${ops.toLocaleString('en')} ops in ${((performance.now() - genStart) / 1000).toFixed(1)} s`,
    );
    let completed = 0;
    const pairer = new OpPairer((_inv, done) => {
      if (done !== undefined) completed++;
    });
    const start = performance.now();
    const loaded = await loadHistory(file, 'auto', { keep: false, onOp: (op) => pairer.push(op) });
    pairer.finish();
    const seconds = (performance.now() - start) / 1000;
    const peak = process.resourceUsage().maxRSS * 1024;
    printTable(
      'history read (streamed, paired, not kept)',
      ['input', 'ops', 'paired', 'seconds', 'MB/s', 'peak RSS', 'target'],
      [
        [
          `${(size / MB).toFixed(0)} MB ${loaded.format}`,
          ops.toLocaleString('en'),
          completed.toLocaleString('en'),
          seconds.toFixed(1),
          (size / MB / seconds).toFixed(1),
          `${(peak / MB).toFixed(0)} MB`,
          `< ${TARGET_PEAK_BYTES / MB} MB`,
        ],
      ],
    );
    if (peak >= TARGET_PEAK_BYTES) {
      console.error(`peak RSS ${(peak / MB).toFixed(0)} MB is over the 1 GiB target`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(file, { force: true });
  }
}
