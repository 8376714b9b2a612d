import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { ExecResult } from './types.js';

/**
 * Run `cmd` inside a running container as root and collect its output. Never throws on a
 * non-zero exit (that is in `exitCode`); throws only when the engine refuses the exec.
 * `env` (`NAME=value`) is the exec's own environment: what must not show in `ps`.
 */
export async function containerExec(
  docker: Docker,
  containerId: string,
  cmd: string[],
  env: readonly string[] = [],
): Promise<ExecResult> {
  const container = docker.getContainer(containerId);
  const exec = await container.exec({
    Cmd: cmd,
    ...(env.length === 0 ? {} : { Env: [...env] }),
    AttachStdout: true,
    AttachStderr: true,
    User: 'root',
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  docker.modem.demuxStream(stream, stdout, stderr);
  await new Promise<void>((resolve, reject) => {
    stream.on('end', () => resolve());
    stream.on('close', () => resolve());
    stream.on('error', reject);
  });
  const info = await exec.inspect();
  return {
    exitCode: info.ExitCode ?? -1,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}

/** Quote one argument for `sh -c`. */
export function shQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** The payload of Docker's multiplexed log frames (8-byte header: stream, 0, 0, 0, size). */
export function demuxLogFrames(buf: Buffer): string {
  const parts: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const size = buf.readUInt32BE(i + 4);
    parts.push(buf.subarray(i + 8, i + 8 + size));
    i += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}
