import { statSync, writeFileSync } from 'node:fs';
import type { ListAppendResult } from '../src/checker/elle/index.js';
import type { LinearizabilityResult } from '../src/checker/linearizability/index.js';
import type { LinearizabilityRunResult } from '../src/checker/linearizability/runResult.js';
import { mergeValidity } from '../src/checker/verdict.js';
import { readHistory } from '../src/history/jsonl.js';
import type { History } from '../src/history/op.js';
import { checkerResult, readStoredRun } from '../src/store/index.js';
import { verdictText } from './format.js';
import { markup } from './html.js';
import { lanesFor, partitionEvidence } from './lanes.js';
import type { LanesData } from './pageData.js';
import { pageShell } from './pageShell.js';
import { appendBody } from './sections/appendSection.js';
import { tableHead } from './tableHead.js';
import { noscriptNote } from './noscriptNote.js';
import { pageFooter } from './pageFooter.js';

/**
 * One checked history: its file, its ops (`history`, or `ops` as `redcheck check` keeps them),
 * and the verbose linearizability result; or the error that stopped the check of that file.
 * `file` may be a run directory: `writeCheckReport` reads it through the store.
 */
export interface CheckReportInput {
  file: string;
  history?: History;
  ops?: History;
  /** The verbose result as checked, or a run's stored `linearizable` entry. */
  result?: LinearizabilityResult | LinearizabilityRunResult;
  /** The verdict of `--model list-append` (Elle's checker), for a transactional history. */
  listAppend?: ListAppendResult;
  model?: string;
  error?: { code?: string; message: string; fix?: string };
}

/** The HTML of the `redcheck check --report` page. */
export function renderCheckReport(inputs: readonly CheckReportInput[]): string {
  const verdictOf = (i: CheckReportInput) => i.result?.valid ?? i.listAppend?.valid ?? 'unknown';
  const valid = mergeValidity(inputs.map(verdictOf));
  const v = verdictText(valid);
  const transactional = inputs.filter((i) => i.listAppend !== undefined);
  const linearizable = inputs.some((i) => i.listAppend === undefined);
  const lanes: LanesData[] = [];
  const rows = inputs.map((input) => {
    const history = input.history ?? input.ops ?? [];
    const parts = partitionEvidence(input.result);
    const bad = parts.filter((p) => p.valid === false);
    for (const p of bad) lanes.push(lanesFor(input.file, history, p));
    const iv = input.error ? 'error' : verdictText(verdictOf(input));
    const anomalies = Object.entries(input.listAppend?.counts ?? {})
      .map(([type, n]) => `${type} ${n}`)
      .join(', ');
    const why =
      input.error?.message ??
      input.result?.reason ??
      input.result?.error ??
      (input.listAppend === undefined
        ? ''
        : `under ${input.listAppend.consistencyModel}${anomalies === '' ? '' : `: ${anomalies}`}`);
    return markup`<tr>
      <td class="mono">${input.file}</td>
      <td>
        <span class="pill pill-${iv === 'error' ? 'unknown' : iv}" data-file="${input.file}"
          >${iv}</span
        >
      </td>
      <td>${input.model ?? ''}</td>
      <td class="num">${history.length}</td>
      <td class="num">${parts.length || '–'}</td>
      <td class="num">${bad.length}</td>
      <td>${why}</td>
    </tr>`;
  });
  const body = markup`<header class="banner verdict-${v}" id="banner">
      <div class="banner-main">
        <div class="banner-verdict">
          ${linearizable ? 'Linearizability' : 'Transactions (Elle)'}: <span id="verdict">${v}</span>
        </div>
        <div class="banner-run">${inputs.length} history file(s)</div>
      </div>
    </header>
    <main>
      <section id="files">
        <h2>Histories</h2>
        <table class="grid" id="check-files">
          ${tableHead('file', 'verdict', 'model', 'events', 'partitions', 'bad partitions', 'why')}
          <tbody>
            ${rows}
          </tbody>
        </table>
      </section>
      ${transactional.map((i) => (i.listAppend === undefined ? '' : appendBody(i.listAppend)))}
      ${
        linearizable
          ? markup`<section id="linearizability">
              <h2>Where linearizability fails</h2>
              ${noscriptNote('The lanes need JavaScript; the table above reads without it.')}
              <div id="lanes-root"></div>
            </section>`
          : ''
      }
    </main>
    ${pageFooter('check')}`;
  return pageShell({ title: `redcheck check: ${v}`, body, data: { lanes }, script: 'check' });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A run directory as a report input, read through the store's reader (a results.json that
 * does not match the schema throws RedcheckError, exit 2): its history, and the run's stored
 * `linearizable` result where the input has no result of its own.
 */
export async function storedRunInput(input: CheckReportInput): Promise<CheckReportInput> {
  const run = readStoredRun(input.file);
  const stored = checkerResult(run.results, 'linearizable');
  const result = input.result ?? stored;
  const history =
    input.history ??
    input.ops ??
    (run.historyFile !== undefined ? await readHistory(run.historyFile) : []);
  if (result === undefined) {
    return {
      file: input.file,
      history,
      error: input.error ?? {
        message: `${input.file}: the run has no linearizable result (checkers: ${Object.keys(run.results.checkers).join(', ') || 'none'})`,
      },
    };
  }
  return { file: input.file, history, result, model: input.model ?? result.model };
}

/** Write the `redcheck check --report` page to `out`; run directories are read from the store. */
export async function writeCheckReport(
  out: string,
  inputs: readonly CheckReportInput[],
): Promise<void> {
  const resolved: CheckReportInput[] = [];
  for (const input of inputs) {
    resolved.push(isDirectory(input.file) ? await storedRunInput(input) : input);
  }
  writeFileSync(out, renderCheckReport(resolved));
}
