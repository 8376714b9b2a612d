import type { Socket } from 'node:net';
import type { BatchResult, CommandChannel, Reply } from '../channel.js';
import { CONNECTION_CLOSED, COMMAND_TIMED_OUT, NOT_CONNECTED } from '../classifyError.js';
import { authCommand, type Credentials } from '../credentials.js';
import type { Endpoint } from '../endpoint.js';
import type { RedisCommand } from '../redisCommand.js';
import { encodeCommands } from './encodeCommands.js';
import { ElementReplyDecoder } from './elementReplyDecoder.js';
import { connectTimeout, openSocket } from './openSocket.js';
import { ReplyError } from './replyError.js';

export interface RespConnectOptions {
  /** Source address to bind (the worker's client zone); the OS picks one when undefined. */
  localAddress?: string;
  /** Give up connecting after this long (a partitioned node drops SYNs). */
  connectTimeoutMs: number;
  /** `CLIENT SETNAME` sent right after connecting. */
  connectionName?: string;
  /** `AUTH` sent right after connecting, before anything else (a password-protected node). */
  auth?: Credentials;
}

/**
 * The one buffer every connection's socket reads into (`onread`): a read's bytes are decoded
 * before the next read can happen (the decoder copies what it keeps), so no connection
 * allocates a buffer per read, and none goes through the stream's `data` machinery.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/** A batch waiting for its replies. */
interface Batch {
  replies: Reply[];
  expected: number;
  deadline: number;
  resolve: (result: BatchResult) => void;
}

/**
 * A plain RESP2 connection: one socket, bound to the worker's zone, that writes each batch
 * of commands once, in one write, and matches replies to commands in order. It has no
 * reconnect, no offline queue and no retry to switch off; when anything goes wrong (a
 * timeout, a reset, a close, bytes that are not RESP) the connection is destroyed, every
 * batch still waiting gets the error, and the owner opens a new one.
 *
 * It exists for throughput: the worker hot path costs a fraction of what ioredis costs per
 * command (see `npm run bench -- run-throughput`). The error messages are ioredis's, so both
 * clients classify the same (`classifyError`).
 */
export class RespConnection implements CommandChannel {
  private readonly batches: Batch[] = [];
  private readonly decoder: ElementReplyDecoder;
  private timer: NodeJS.Timeout | undefined;
  private open = true;
  /** The socket's last error (ECONNRESET, ...), for batches cut off by it. */
  lastError: Error | undefined;

  private constructor(
    private readonly socket: Socket,
    /** `host:port` this connection goes to. */
    readonly node: string,
  ) {
    this.decoder = new ElementReplyDecoder((reply) => this.onReply(reply));
    socket.on('error', (err) => {
      this.lastError = err;
    });
    socket.on('close', () => this.destroy(this.lastError ?? new Error(CONNECTION_CLOSED)));
  }

  /**
   * Connect to `endpoint` from `options.localAddress`. Rejects with the socket's error
   * (ECONNREFUSED, EHOSTUNREACH, ...) or an `ETIMEDOUT` connect error after the timeout.
   */
  static async connect(endpoint: Endpoint, options: RespConnectOptions): Promise<RespConnection> {
    const node = `${endpoint.host}:${endpoint.port}`;
    // Bytes go to the connection once it exists (nothing is sent before, so nothing comes).
    const reader: { connection?: RespConnection } = {};
    const socket = await openSocket(
      endpoint,
      options.localAddress,
      options.connectTimeoutMs,
      READ_BUFFER,
      (length) => reader.connection?.onData(length),
    );
    const opened = new RespConnection(socket, node);
    reader.connection = opened;
    const handshake: RedisCommand[] = [
      ...(options.auth === undefined ? [] : [authCommand(options.auth)]),
      ...(options.connectionName === undefined
        ? []
        : [['CLIENT', 'SETNAME', options.connectionName] as const]),
    ];
    if (handshake.length === 0) return opened;
    const { replies } = await opened.send(handshake, options.connectTimeoutMs);
    const error = replies.find((r) => r.error !== undefined)?.error;
    if (error === undefined) return opened;
    opened.close();
    // No answer to the handshake is a connect that timed out, not an op's timeout.
    throw error.message === COMMAND_TIMED_OUT ? connectTimeout(node) : error;
  }

  /** Open, and nothing has gone wrong on it yet. */
  get ready(): boolean {
    return this.open;
  }

  send(commands: readonly RedisCommand[], timeoutMs: number): Promise<BatchResult> {
    if (!this.open) {
      const error = new Error(NOT_CONNECTED);
      return Promise.resolve({ sent: false, replies: commands.map(() => ({ error })) });
    }
    return new Promise((resolve) => {
      this.batches.push({
        replies: [],
        expected: commands.length,
        deadline: performance.now() + timeoutMs,
        resolve,
      });
      this.socket.write(encodeCommands(commands));
      // One timer per connection, re-armed for the oldest batch when it fires, instead of
      // one timer per command.
      this.timer ??= setTimeout(() => this.onTimer(), timeoutMs);
    });
  }

  /** Close the connection; batches still waiting get `Connection is closed.`. Idempotent. */
  close(): void {
    this.destroy(new Error(CONNECTION_CLOSED));
  }

  /** The socket read `READ_BUFFER[0, length)`. */
  private onData(length: number): void {
    try {
      this.decoder.push(READ_BUFFER, length);
    } catch (err) {
      this.destroy(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private onReply(reply: unknown): void {
    const batch = this.batches[0];
    if (batch === undefined) {
      this.destroy(new Error(`unexpected reply with no command waiting: ${String(reply)}`));
      return;
    }
    batch.replies.push(reply instanceof ReplyError ? { error: reply } : { value: reply });
    if (batch.replies.length < batch.expected) return;
    this.batches.shift();
    batch.resolve({ sent: true, replies: batch.replies });
  }

  private onTimer(): void {
    this.timer = undefined;
    const oldest = this.batches[0];
    if (oldest === undefined) return;
    const left = oldest.deadline - performance.now();
    if (left > 0) {
      this.timer = setTimeout(() => this.onTimer(), left);
      return;
    }
    // A reply that comes later would be matched to the wrong command: the connection goes.
    this.destroy(new Error(COMMAND_TIMED_OUT));
  }

  /** Destroy the socket; each waiting command without a reply gets `error`. */
  private destroy(error: Error): void {
    this.open = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.socket.destroy();
    const cut = this.batches.splice(0);
    for (const batch of cut) {
      while (batch.replies.length < batch.expected) batch.replies.push({ error });
      batch.resolve({ sent: true, replies: batch.replies });
    }
  }
}
