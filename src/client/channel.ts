import type { RedisCommand } from './redisCommand.js';

/** One command's reply in a batch: an error or a value. */
export interface Reply {
  error?: Error;
  value?: unknown;
}

/** What one batch of commands came to. */
export interface BatchResult {
  /** Was the batch handed to an open connection (else nothing left the client)? */
  sent: boolean;
  /** One reply per command, in order. */
  replies: Reply[];
}

/**
 * A connection as the modes see it: a batch of commands goes out in one socket write, once,
 * and each command gets its reply or its error. Nothing is queued while disconnected and
 * nothing is ever re-sent. Implemented over ioredis (`ioredisChannel`) and over the plain
 * RESP client (`RespConnection`).
 */
export interface CommandChannel {
  /** Send `commands` and wait for every reply, `timeoutMs` at most. Never rejects. */
  send(commands: readonly RedisCommand[], timeoutMs: number): Promise<BatchResult>;
}

/** The worker clients redcheck has: its own RESP client, or ioredis. */
export type ClientName = 'resp' | 'ioredis';
export const CLIENT_NAMES: readonly ClientName[] = ['resp', 'ioredis'];
