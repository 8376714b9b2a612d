import { spawn } from 'node:child_process';
import type Docker from 'dockerode';
import { errorMessage, RedcheckError } from '../../errors.js';
import { NODE_TOOLS } from '../nodeTools.js';

/** A tar stream of `dir`'s files under `name/` (root-owned, as a bind mount would show them). */
function tarOf(dir: string, name: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'tar',
      ['-c', '-f', '-', '-C', dir, '--owner=0', '--group=0', '--transform', `s,^\\.,${name},`, '.'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`tar exited ${code}: ${err}`)),
    );
  });
}

/**
 * Send the node tools (the init, the fsync tracker, the cutter: `toolsDir`, as compiled by
 * `nodeToolsDir()`) into a created container at `/redcheck` through the engine API, where a
 * local engine bind-mounts them: a remote engine has no such host path. Call before `start`
 * (an archive can be put into a created container; the init is its entrypoint).
 */
export async function putNodeTools(container: Docker.Container, toolsDir: string): Promise<void> {
  const name = NODE_TOOLS.mount.replace(/^\//, '');
  try {
    await container.putArchive(await tarOf(toolsDir, name), { path: '/' });
  } catch (e) {
    throw new RedcheckError(
      'E_NODE_TOOLS',
      `sending the node tools (${toolsDir}) into container ${container.id.slice(0, 12)} failed: ${errorMessage(e)}`,
      'check the engine answers and has room; the tools are compiled under /var/cache/redcheck',
    );
  }
}
