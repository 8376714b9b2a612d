import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES, type StoredRun } from '../src/store/index.js';
import { markup, type Raw } from './html.js';
import { numberText } from './format.js';

/** Links to each node's files in the run's `nodes/` folder (logs, INFO snapshots), relative to the page. */
export function nodeLogsSection(run: StoredRun): Raw | undefined {
  const root = join(run.dir, RUN_FILES.nodes);
  if (!existsSync(root)) return undefined;
  const nodes = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory());
  if (nodes.length === 0) return undefined;
  return markup`<section id="node-logs">
    <h2>Node logs</h2>
    <p class="muted">Each node's files in <code>${RUN_FILES.nodes}/</code> beside this page.</p>
    <ul>
      ${nodes
        .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))
        .map((d) => {
          const files = readdirSync(join(root, d.name)).sort();
          return markup`<li><b>${d.name}</b>: ${files.map(
            (f) =>
              markup`<a href="${`${RUN_FILES.nodes}/${encodeURIComponent(d.name)}/${encodeURIComponent(f)}`}">${f}</a> <span class="muted">(${numberText(statSync(join(root, d.name, f)).size)} bytes)</span> `,
          )}</li>`;
        })}
    </ul>
  </section>`;
}
