import type { Socket } from 'node:net';
import { CONNECTION_CLOSED, COMMAND_TIMED_OUT } from '../classifyError.js';
import { authCommand, type Credentials } from '../credentials.js';
import type { Endpoint } from '../endpoint.js';
import type { RedisCommand } from '../redisCommand.js';
import { ElementReplyDecoder, type ElementSink } from './elementReplyDecoder.js';
import { encodeCommands } from './encodeCommands.js';
import { ReplyError } from './replyError.js';
import { openSocket } from './openSocket.js';

export interface ElementReadOptions {
  /** Give up connecting (and authenticating) after this long. */
  connectTimeoutMs: number;
  /** `AUTH` sent right after connecting. */
  auth?: Credentials;
}

/**
 * The one buffer every such connection's socket reads into: each read is decoded before the
 * next can happen and the decoder keeps nothing of it (as `RespConnection`'s).
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/** A command waiting for its reply. */
interface Call {
  sink: ElementSink | undefined;
  timer: NodeJS.Timeout;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * A RESP2 connection for bulk reads (a final read's SSCAN and LRANGE pages): each `call` may
 * name an `ElementSink`, and the reply's elements go to it as JSON bytes instead of becoming
 * strings (see `ElementReplyDecoder`), a fraction of the CPU for a page of 10,000 elements.
 * Calls may be pipelined; each has its own timeout. No reconnect, no retry: any timeout,
 * reset or bad byte destroys the connection and fails every call waiting, with ioredis's
 * messages (`Command timed out`, `Connection is closed.`).
 */
export class ElementReadConnection {
  private readonly calls: Call[] = [];
  private readonly decoder: ElementReplyDecoder;
  private failure: Error | undefined;

  /** The socket read `READ_BUFFER[0, length)`. */
  private onData(length: number): void {
    try {
      this.decoder.push(READ_BUFFER, length);
    } catch (e) {
      this.destroy(e instanceof Error ? e : new Error(String(e)));
    }
  }

  private constructor(private readonly socket: Socket) {
    this.decoder = new ElementReplyDecoder(
      (reply) => this.onReply(reply),
      () => this.calls[0]?.sink,
    );
    let lastError: Error | undefined;
    socket.on('error', (err) => {
      lastError = err;
    });
    socket.on('close', () => this.destroy(lastError ?? new Error(CONNECTION_CLOSED)));
  }

  /** Connect to `endpoint` and authenticate; rejects with the socket's or AUTH's error. */
  static async connect(
    endpoint: Endpoint,
    options: ElementReadOptions,
  ): Promise<ElementReadConnection> {
    // Bytes go to the connection once it exists (nothing is sent before, so nothing comes).
    const reader: { connection?: ElementReadConnection } = {};
    const socket = await openSocket(
      endpoint,
      undefined,
      options.connectTimeoutMs,
      READ_BUFFER,
      (length) => reader.connection?.onData(length),
    );
    const c = new ElementReadConnection(socket);
    reader.connection = c;
    if (options.auth === undefined) return c;
    try {
      await c.call(authCommand(options.auth), options.connectTimeoutMs);
    } catch (e) {
      c.close();
      throw e instanceof Error ? e : new Error(String(e));
    }
    return c;
  }

  /**
   * Send `command`; resolves with its reply (a sink's array as its length), rejects with the
   * error reply (`ReplyError`) or the connection's error, or `Command timed out` after
   * `timeoutMs` (the connection is then closed).
   */
  call(command: RedisCommand, timeoutMs: number, sink?: ElementSink): Promise<unknown> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.destroy(new Error(COMMAND_TIMED_OUT)), timeoutMs);
      this.calls.push({ sink, timer, resolve, reject });
      this.socket.write(encodeCommands([command]));
    });
  }

  /** Close the connection; calls still waiting get `Connection is closed.`. Idempotent. */
  close(): void {
    this.destroy(new Error(CONNECTION_CLOSED));
  }

  private onReply(reply: unknown): void {
    const call = this.calls.shift();
    if (call === undefined) {
      this.destroy(new Error(`unexpected reply with no command waiting: ${String(reply)}`));
      return;
    }
    clearTimeout(call.timer);
    if (reply instanceof ReplyError) call.reject(reply);
    else call.resolve(reply);
  }

  private destroy(error: Error): void {
    this.failure ??= error;
    this.socket.destroy();
    for (const call of this.calls.splice(0)) {
      clearTimeout(call.timer);
      call.reject(this.failure);
    }
  }
}
