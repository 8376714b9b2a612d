import { errorMessage } from '../errors.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DockerDeployment } from '../cluster/index.js';
import type { RunDir } from '../store/index.js';

/**
 * Copy each node's Redis (and sentinel) log and INFO snapshots into `nodes/<name>/`.
 * Never throws: what cannot be read is noted in the file instead.
 */
export async function collectNodeFiles(d: DockerDeployment, dir: RunDir): Promise<void> {
  const sentinel = d.topology === 'sentinel';
  await Promise.all(
    d.nodes.map(async (node) => {
      const out = dir.node(node.name);
      const save = async (file: string, read: () => Promise<string>): Promise<void> => {
        let text: string;
        try {
          text = await read();
        } catch (e) {
          text = `# could not read: ${errorMessage(e)}\n`;
        }
        await writeFile(join(out, file), text).catch(() => undefined);
      };
      const cli = async (role: 'redis' | 'sentinel', args: string[]): Promise<string> => {
        const r = await node.cli(role, args, 5);
        return r.exitCode === 0 ? r.stdout : `# exit ${r.exitCode}: ${r.stderr}\n${r.stdout}`;
      };
      await save('redis.log', () => node.logs('redis'));
      await save('info.txt', () => cli('redis', ['info', 'all']));
      if (sentinel) {
        await save('sentinel.log', () => node.logs('sentinel'));
        await save('sentinel-info.txt', () => cli('sentinel', ['info']));
        await save('sentinel-master.txt', () =>
          cli('sentinel', ['sentinel', 'master', d.masterName ?? 'mymaster']),
        );
      }
    }),
  );
}
