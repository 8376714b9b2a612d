/**
 * The rules a recorder can break, checked while a history is read, so the problem is named at
 * its line in the file rather than deep inside a checker:
 *
 * - a completion answers the pending invoke of its process: none pending is an error;
 * - a completion has the `f` of its invoke: another `f` is an error (the checker would step
 *   the model with the wrong function);
 * - a process runs one op at a time: a second invoke while one is pending is accepted (the
 *   first stays uncompleted, as `pairOps` treats it, and as Jepsen's readers accept it) with a
 *   warning;
 * - times are not negative and do not go backwards within a process (a completion earlier
 *   than its invoke): accepted with a warning, since the checkers order ops by their position
 *   in the history, not by `time`, and Jepsen's readers accept them too.
 *
 * Only client ops (numeric `process`) are checked. Memory is one entry per process.
 */
import { RedcheckError } from '../errors.js';
import type { Op } from './op.js';

/** Something a history reader accepted but wants the user to know, at its file and line. */
export interface HistoryWarning {
  file: string;
  line: number;
  message: string;
}

/** Warnings of one kind shown before the rest are only counted. */
const SHOWN_PER_KIND = 5;

interface Pending {
  f: string;
  line: number;
}

type WarningKind = 'double-invoke' | 'negative-time' | 'time-backwards';

export class HistoryRules {
  private readonly pending = new Map<number, Pending>();
  private readonly lastTime = new Map<number, number>();
  private readonly counts = new Map<WarningKind, number>();
  private clientOps = 0;
  private events = 0;
  private lastLine = 0;

  constructor(
    private readonly file: string,
    private readonly onWarning: ((w: HistoryWarning) => void) | undefined,
  ) {}

  /** Number of client events (invokes and completions) seen so far. */
  get clientEvents(): number {
    return this.clientOps;
  }

  /** Number of events seen so far, nemesis and final reads included. */
  get allEvents(): number {
    return this.events;
  }

  /**
   * Take the next op of the history, which starts at `line` (and `col`, when known) of the
   * file. Throws E_HISTORY_INVALID for a completion with no pending invoke or another `f`.
   */
  push(op: Op, line: number, col?: number): void {
    this.events++;
    this.lastLine = line;
    const process = op.process;
    if (typeof process !== 'number') return;
    this.clientOps++;
    const where = col === undefined ? `${this.file}:${line}` : `${this.file}:${line}:${col}`;
    const time = op.time;
    if (time < 0) {
      this.warn(
        'negative-time',
        line,
        `${op.type} of ${show(op.f)} by process ${process} has a negative time ${time}`,
      );
    }
    const last = this.lastTime.get(process);
    if (last !== undefined && time < last) {
      this.warn(
        'time-backwards',
        line,
        `${op.type} of ${show(op.f)} by process ${process} has time ${time}, earlier than the process's previous event (${last}); the checkers go by the order of the file`,
      );
    }
    this.lastTime.set(process, time);
    const prev = this.pending.get(process);
    if (op.type === 'invoke') {
      if (prev !== undefined) {
        this.warn(
          'double-invoke',
          line,
          `process ${process} invokes ${show(op.f)} while its invoke of ${show(prev.f)} on line ${prev.line} is pending; that op is taken as uncompleted (info)`,
        );
      }
      this.pending.set(process, { f: op.f, line });
      return;
    }
    if (prev === undefined) {
      throw new RedcheckError(
        'E_HISTORY_INVALID',
        `${where}: ${op.type} of ${show(op.f)} by process ${process} has no pending invoke`,
        'every completion follows an invoke by the same process; check the history file',
      );
    }
    if (prev.f !== op.f) {
      throw new RedcheckError(
        'E_HISTORY_INVALID',
        `${where}: ${op.type} of ${show(op.f)} by process ${process} completes the invoke of ${show(prev.f)} on line ${prev.line}; a completion has the f of its invoke`,
        'check the history file: the completion may belong to another process',
      );
    }
    this.pending.delete(process);
  }

  /** End of the history: say how many warnings of each kind were not shown. */
  finish(): void {
    for (const [kind, n] of this.counts) {
      if (n > SHOWN_PER_KIND) {
        this.onWarning?.({
          file: this.file,
          line: this.lastLine,
          message: `${n - SHOWN_PER_KIND} more warnings like the ones above (${kind}) not shown; ${n} in all`,
        });
      }
    }
  }

  private warn(kind: WarningKind, line: number, message: string): void {
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    if (n <= SHOWN_PER_KIND) this.onWarning?.({ file: this.file, line, message });
  }
}

/** An `f` for a message: quoted when it holds anything but a plain name. */
function show(f: string): string {
  return /^[\w.:/-]{1,40}$/.test(f)
    ? f
    : JSON.stringify(f.length > 40 ? `${f.slice(0, 37)}...` : f);
}
