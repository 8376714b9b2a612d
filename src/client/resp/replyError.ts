/** An error reply from Redis (`-READONLY You can't write...`), named as ioredis names it. */
export class ReplyError extends Error {
  override readonly name = 'ReplyError';
}
