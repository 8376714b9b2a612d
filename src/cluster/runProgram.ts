import { spawn } from 'node:child_process';

/**
 * Run a program to its end, its output dropped: resolves on exit code 0, rejects with the
 * exit code and what it wrote on stderr otherwise (or with the spawn error, e.g. not found).
 */
export function runProgram(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}: ${err.trim()}`)),
    );
  });
}
