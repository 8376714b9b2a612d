import { statSync, writeFileSync } from 'node:fs';
import { RedcheckError } from '../../errors.js';
import { toJepsenEdn } from '../../history/jepsen.js';
import { loadHistory, type LoadedHistory } from '../../history/load.js';
import type { History } from '../../history/op.js';
import { opToJson } from '../../history/opFromJson.js';
import { runHistoryFile } from '../../store/index.js';
import type { Command } from '../command.js';
import { parseCommandArgs, usageError } from '../parseCommandArgs.js';

const FORMATS = ['edn', 'jsonl'] as const;
type ExportFormat = (typeof FORMATS)[number];
const FINAL = ['include', 'omit'] as const;
type FinalOps = (typeof FINAL)[number];

/** `redcheck export` options, resolved once from the command line. */
export interface ExportOptions {
  /** A run directory (its history.jsonl) or a history file in any format `check` reads. */
  source: string;
  format: ExportFormat;
  /** Where to write; undefined for stdout. */
  out: string | undefined;
  /** What to do with the final reads (process "final"). */
  final: FinalOps;
}

const USAGE = `usage: redcheck export <run-dir|history-file> --format edn|jsonl [--out FILE] [--final include|omit]

Write a run's history (or any history file redcheck reads: jsonl, Jepsen EDN, Porcupine
logs) as Jepsen EDN, so Jepsen's own tools (Knossos, Elle) can read it, or as redcheck's jsonl.

EDN: one op map per line, as Jepsen 0.3 writes history.edn: {:index 0, :time 1000, :type
:invoke, :process 0, :f :write, :value 1}. Nemesis ops have :process :nemesis; keyed ops get
their [key value] tuple back.

Final reads: the reads a run makes of every node after the heal are ops of process "final"
(f final-read, value {role, state}). They are exported as :process :final: Jepsen's checkers
take only ops with an integer process as client ops, so they skip them as they skip
:nemesis. --final omit leaves them out instead (EDN: a comment line says how many), for
tools that read every op.

options:
  --format <f>     edn | jsonl (required)
  --out <file>     write there (default: standard output)
  --final <what>   include | omit the final reads (default include)

exit: 0 written, 2 bad input (no such run or file, unreadable history, bad option)`;

function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw usageError(
    'export',
    `${flag} ${JSON.stringify(value)} is not one of: ${allowed.join(', ')}`,
  );
}

/** Parse `redcheck export` arguments; RedcheckError (exit 2) for anything wrong with them. */
export function parseExportArgs(argv: string[]): ExportOptions {
  const { values, positionals } = parseCommandArgs('export', {
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string' },
      out: { type: 'string', short: 'o' },
      final: { type: 'string' },
    },
  });
  const [source, ...extra] = positionals;
  if (source === undefined || extra.length > 0) {
    throw usageError(
      'export',
      `export takes exactly one run directory or history file, got ${positionals.length}`,
    );
  }
  const format = oneOf('--format', values.format, FORMATS);
  if (format === undefined)
    throw usageError('export', `--format is required: ${FORMATS.join(' or ')}`);
  return {
    source,
    format,
    out: values.out,
    final: oneOf('--final', values.final, FINAL) ?? 'include',
  };
}

/** The history to export: a run directory's history.jsonl, or a history file of any format. */
async function loadSource(source: string): Promise<LoadedHistory> {
  let isDir = false;
  try {
    isDir = statSync(source).isDirectory();
  } catch {
    // Not there: loadHistory says so, naming the file.
  }
  return isDir ? loadHistory(runHistoryFile(source), 'jsonl') : loadHistory(source);
}

/** `history` as `format`, with the final reads kept or left out (then renumbered). */
export function exportHistory(history: History, format: ExportFormat, final: FinalOps): string {
  const ops =
    final === 'omit'
      ? history.filter((op) => op.process !== 'final').map((op, index) => ({ ...op, index }))
      : history;
  const omitted = history.length - ops.length;
  if (format === 'jsonl') return ops.map((op) => opToJson(op) + '\n').join('');
  const note =
    omitted > 0
      ? `; redcheck export: ${omitted} final-read ops (process "final") left out (--final omit)\n`
      : '';
  return note + toJepsenEdn(ops);
}

/** Run `redcheck export` with resolved options; resolves to the exit code. */
export async function runExport(o: ExportOptions): Promise<number> {
  const loaded = await loadSource(o.source);
  for (const w of loaded.warnings) console.error(`warning: ${w.file}:${w.line}: ${w.message}`);
  const text = exportHistory(loaded.ops, o.format, o.final);
  if (o.out === undefined) {
    process.stdout.write(text);
    return 0;
  }
  try {
    writeFileSync(o.out, text);
  } catch (e) {
    throw new RedcheckError(
      'E_HISTORY_UNWRITABLE',
      `cannot write ${o.out}: ${e instanceof Error ? e.message : String(e)}`,
      'pass a writable --out file',
    );
  }
  console.error(
    `${o.out}: ${loaded.ops.length} ops from ${loaded.file} (${loaded.format}) as ${o.format}`,
  );
  return 0;
}

export const exportCommand: Command = {
  name: 'export',
  usage: USAGE,
  run: (argv) => runExport(parseExportArgs(argv)),
};
