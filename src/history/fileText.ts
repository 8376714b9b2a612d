/**
 * The text of a history file, chunk by chunk, so no reader needs the whole file in one string.
 * A gzip file (told by its magic bytes, never by its name) is decompressed as it is read, and
 * one cut short (a run killed mid-write) gives its text up to the cut. A FIFO (named pipe) is
 * read too, but a FIFO that no process opens for writing is an error after `fifoWaitMs` rather
 * than a wait forever.
 */
import { closeSync, constants, createReadStream, openSync, readSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable, pipeline } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGunzip, constants as zlib } from 'node:zlib';
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

/** Whether `head` starts with gzip's magic bytes (1f 8b). */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** Whether `file` is a regular file that starts with gzip's magic bytes; false when unreadable. */
export function isGzipFile(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(2);
    return isGzip(head.subarray(0, readSync(fd, head, 0, 2, 0)));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The file's bytes, decompressed when it is gzip; E_HISTORY_UNREADABLE when it cannot be read
 * or its compressed data is damaged (a cut at the end is not damage). The readers that split
 * lines read these (a newline byte is a newline in UTF-8); the others `fileTextChunks`.
 */
export async function* fileByteChunks(
  file: string,
  options: FileTextOptions = {},
): AsyncGenerator<Buffer> {
  let isFifo: boolean;
  try {
    const s = await stat(file);
    if (s.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    isFifo = s.isFIFO();
  } catch (e) {
    throw unreadableHistory(file, e);
  }
  const bytes = isFifo ? fifoBytes(file, options.fifoWaitMs ?? 10_000) : fileBytes(file);
  yield* decompressed(bytes, file);
}

/** The file's text as UTF-8 chunks (`fileByteChunks`, decoded). */
export async function* fileTextChunks(
  file: string,
  options: FileTextOptions = {},
): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of fileByteChunks(file, options)) {
    const text = decoder.write(chunk);
    if (text !== '') yield text;
  }
  const tail = decoder.end();
  if (tail !== '') yield tail;
}

/** The whole text of a history file (plain or gzip), for the readers that parse it whole. */
export async function readHistoryText(
  file: string,
  options: FileTextOptions = {},
): Promise<string> {
  const parts: string[] = [];
  for await (const chunk of fileTextChunks(file, options)) parts.push(chunk);
  return parts.join('');
}

async function* fileBytes(file: string): AsyncGenerator<Buffer> {
  const stream = createReadStream(file, { highWaterMark: FILE_CHUNK });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (e) {
    throw unreadableHistory(file, e);
  }
}

/** The bytes, decompressed when gzip (told by their first two bytes). */
async function* decompressed(bytes: AsyncGenerator<Buffer>, file: string): AsyncGenerator<Buffer> {
  // Enough of the start to see the magic bytes (a FIFO may give one byte at a time).
  let head: Buffer = Buffer.alloc(0);
  let next = await bytes.next();
  while (!next.done) {
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
    if (head.length >= 2) break;
    next = await bytes.next();
  }
  const all = (async function* () {
    if (head.length > 0) yield head;
    if (next.done) return;
    yield* bytes;
  })();
  if (!isGzip(head)) {
    yield* all;
    return;
  }
  // Z_SYNC_FLUSH at the end: a file cut short gives what it holds instead of an error.
  const gunzip = createGunzip({ finishFlush: zlib.Z_SYNC_FLUSH, chunkSize: FILE_CHUNK });
  const out = pipeline(Readable.from(all, { objectMode: false }), gunzip, () => undefined);
  try {
    for await (const chunk of out) yield chunk as Buffer;
  } catch (e) {
    if (e instanceof RedcheckError) throw e;
    throw new RedcheckError(
      'E_HISTORY_UNREADABLE',
      `cannot read history ${file}: damaged gzip data (${errorMessage(e)})`,
      'the compressed history is damaged before its end; `zcat` it to see how far it reads',
    );
  }
}

/**
 * A FIFO opened without blocking: a read of 0 bytes means no writer yet (until one came) or
 * the end; EAGAIN means a writer with nothing written yet.
 */
async function* fifoBytes(file: string, waitMs: number): AsyncGenerator<Buffer> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw unreadableHistory(file, e);
  }
  try {
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
        yield Buffer.from(buf.subarray(0, n));
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
  } finally {
    await handle.close();
  }
}
