/**
 * The text of a history file, chunk by chunk, so no reader needs the whole file in one string.
 * A FIFO (named pipe) is read too, but a FIFO that no process opens for writing is an error
 * after `fifoWaitMs` rather than a wait forever.
 */
import { constants, createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorMessage, RedcheckError } from '../errors.js';

export interface FileTextOptions {
  /** How long to wait for a writer on a FIFO before giving up. Default 10 s. */
  fifoWaitMs?: number;
}

/** The error for a history file that cannot be opened or read. */
export function unreadableHistory(file: string, e: unknown): RedcheckError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const why =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'it is a directory'
        : code === 'EACCES'
          ? 'permission denied'
          : errorMessage(e);
  return new RedcheckError(
    'E_HISTORY_UNREADABLE',
    `cannot read history ${file}: ${why}`,
    'check the path and the file permissions',
  );
}

const CHUNK = 1 << 16;
/** Reads of a regular file: large, so a reader of gigabytes waits on few of them. */
const FILE_CHUNK = 1 << 20;

/** The file's text as UTF-8 chunks; E_HISTORY_UNREADABLE when it cannot be read. */
export async function* fileTextChunks(
  file: string,
  options: FileTextOptions = {},
): AsyncGenerator<string> {
  let isFifo: boolean;
  try {
    const s = await stat(file);
    if (s.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    isFifo = s.isFIFO();
  } catch (e) {
    throw unreadableHistory(file, e);
  }
  if (isFifo) {
    yield* fifoChunks(file, options.fifoWaitMs ?? 10_000);
    return;
  }
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: FILE_CHUNK });
  try {
    for await (const chunk of stream) yield chunk as string;
  } catch (e) {
    throw unreadableHistory(file, e);
  }
}

/**
 * A FIFO opened without blocking: a read of 0 bytes means no writer yet (until one came) or
 * the end; EAGAIN means a writer with nothing written yet.
 */
async function* fifoChunks(file: string, waitMs: number): AsyncGenerator<string> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw unreadableHistory(file, e);
  }
  try {
    const decoder = new StringDecoder('utf8');
    const buf = Buffer.alloc(CHUNK);
    const deadline = Date.now() + waitMs;
    let writer = false;
    for (;;) {
      let n: number;
      try {
        ({ bytesRead: n } = await handle.read(buf, 0, CHUNK, null));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw unreadableHistory(file, e);
        writer = true;
        await sleep(5);
        continue;
      }
      if (n > 0) {
        writer = true;
        yield decoder.write(buf.subarray(0, n));
        continue;
      }
      if (writer) break;
      if (Date.now() > deadline) {
        throw new RedcheckError(
          'E_HISTORY_UNREADABLE',
          `cannot read history ${file}: it is a FIFO and no process opened it for writing within ${waitMs / 1000} s`,
          'start the writer first (or together: `redcheck check <(producer)`), or give a regular file',
        );
      }
      await sleep(20);
    }
    const tail = decoder.end();
    if (tail !== '') yield tail;
  } finally {
    await handle.close();
  }
}
