import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES, type StoredRun } from '../src/store/index.js';
import { markup, type Raw } from './html.js';
import { numberText } from './format.js';

/** The id of a node's entry in the node logs section, for links from a node's name. */
export function nodeLogId(node: string): string {
  return `node-log-${node.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** The nodes that have a folder in the run's `nodes/` (their logs), by name. */
export function nodesWithLogs(run: StoredRun): Set<string> {
  const root = join(run.dir, RUN_FILES.nodes);
  if (!existsSync(root)) return new Set();
  return new Set(
    readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name),
  );
}

/** A node's name, linked to its logs when the run has them. */
export function nodeLink(node: string | undefined, logs: ReadonlySet<string>): Raw | string {
  if (node === undefined) return '';
  return logs.has(node)
    ? markup`<a href="#${nodeLogId(node)}" title="this node's logs">${node}</a>`
    : node;
}

/** Links to each node's files in the run's `nodes/` folder (logs, INFO snapshots), relative to the page. */
export function nodeLogsSection(run: StoredRun): Raw | undefined {
  const root = join(run.dir, RUN_FILES.nodes);
  const nodes = [...nodesWithLogs(run)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (nodes.length === 0) return undefined;
  return markup`<section id="node-logs">
    <h2>Node logs</h2>
    <p class="muted">Each node's files in <code>${RUN_FILES.nodes}/</code> beside this page.</p>
    <ul>
      ${nodes.map((node) => {
        const files = readdirSync(join(root, node)).sort();
        return markup`<li id="${nodeLogId(node)}"><b>${node}</b>: ${files.map(
          (f) =>
            markup`<a href="${`${RUN_FILES.nodes}/${encodeURIComponent(node)}/${encodeURIComponent(f)}`}">${f}</a> <span class="muted">(${numberText(statSync(join(root, node, f)).size)} bytes)</span> `,
        )}</li>`;
      })}
    </ul>
  </section>`;
}
