/** What the other layers take from the client: the RESP connection, modes, targets, sessions. */
export type { Reply } from './channel.js';
export { RespConnection } from './resp/respConnection.js';
export { createMode } from './createMode.js';
export type { Endpoint } from './endpoint.js';
export { fixedTarget } from './fixedTarget.js';
export { MODE_NAMES } from './mode.js';
export type { Mode, ModeName } from './mode.js';
export type { Outcome } from './outcome.js';
export type { RedisCommand } from './redisCommand.js';
export { sentinelTarget } from './sentinelTarget.js';
export { Session } from './session.js';
export type { Target } from './target.js';
export type { Credentials } from './credentials.js';
