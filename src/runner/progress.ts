import type { WorkerCounters } from './workers.js';

export interface ProgressSource {
  elapsedMs(): number;
  limitMs: number;
  counters: WorkerCounters;
  /** Faults active now, e.g. `partition n1 c1 | n2 n3 c2 c3`. */
  activeFaults(): string[];
}

export interface ProgressOptions {
  /** Where to write (stderr). */
  stream: NodeJS.WriteStream;
  /** Silence it (`--json`). */
  quiet: boolean;
}

/** A started progress line; `stop()` ends it (and the in-place line with a newline). */
export interface Progress {
  stop(): void;
}

/** One progress line: `[run] 12s/30s  850 ops/s  ok 9912 fail 3 info 20  faults: ...`. */
export function progressLine(src: ProgressSource, opsPerSec: number): string {
  const c = src.counters;
  const faults = src.activeFaults();
  return (
    `[run] ${Math.floor(src.elapsedMs() / 1000)}s/${Math.round(src.limitMs / 1000)}s` +
    `  ${Math.round(opsPerSec)} ops/s  ok ${c.ok} fail ${c.fail} info ${c.info}` +
    `  faults: ${faults.length === 0 ? 'none' : faults.join('; ')}`
  );
}

/**
 * Every second, compute ops/s; on a TTY rewrite the line in place every second, otherwise
 * print a line every 5 s.
 */
export function startProgress(src: ProgressSource, o: ProgressOptions): Progress {
  if (o.quiet) return { stop: () => undefined };
  const tty = o.stream.isTTY === true;
  let last = src.counters.ok + src.counters.fail + src.counters.info;
  let ticks = 0;
  let wrote = false;
  const timer = setInterval(() => {
    const total = src.counters.ok + src.counters.fail + src.counters.info;
    const rate = total - last;
    last = total;
    ticks++;
    const line = progressLine(src, rate);
    if (tty) {
      o.stream.write(`\r\x1b[2K${line.slice(0, Math.max(20, (o.stream.columns ?? 120) - 1))}`);
      wrote = true;
    } else if (ticks % 5 === 0) {
      o.stream.write(line + '\n');
    }
  }, 1000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      if (tty && wrote) o.stream.write('\n');
    },
  };
}
