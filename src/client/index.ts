/** Public entry of the client layer: zone-bound connections, targets, modes, outcomes. */
export { boundConnector } from './boundConnector.js';
export { CLIENT_NAMES } from './channel.js';
export type { BatchResult, ClientName, CommandChannel, Reply } from './channel.js';
export type { BoundConnectorOptions, ConnectorClass } from './boundConnector.js';
export {
  classifyError,
  outcomeOf,
  replyCode,
  isDefiniteReply,
  DEFINITE_REPLY_CODES,
  ROLE_REPLY_CODES,
} from './classifyError.js';
export type { Classification, ErrorContext, ErrorKind } from './classifyError.js';
export {
  resolveClientOptions,
  respConnectOptions,
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_CLIENT,
} from './clientOptions.js';
export type { ClientOptions, ResolvedClientOptions } from './clientOptions.js';
export { createClient, safeRedisOptions } from './createClient.js';
export { ioredisChannel, sendPipeline } from './ioredisChannel.js';
export { RespConnection } from './resp/respConnection.js';
export type { RespConnectOptions } from './resp/respConnection.js';
export { createMode, isModeName } from './createMode.js';
export type { ModeOptions } from './createMode.js';
export { formatEndpoint } from './endpoint.js';
export type { Endpoint } from './endpoint.js';
export { fixedTarget } from './fixedTarget.js';
export { MODE_NAMES } from './mode.js';
export type { Mode, ModeName, WriteContext } from './mode.js';
export { resolveWaitModeOptions } from './modes/waitMode.js';
export type { WaitModeOptions, ResolvedWaitModeOptions } from './modes/waitMode.js';
export { WRITE_SCRIPT, WRITE_SCRIPT_SHA } from './modes/luaMode.js';
export { ok, fail, info } from './outcome.js';
export type { Outcome, OutcomeType } from './outcome.js';
export { readCommand } from './readCommand.js';
export { formatCommand } from './redisCommand.js';
export type { RedisCommand } from './redisCommand.js';
export { sentinelTarget } from './sentinelTarget.js';
export type { SentinelTargetOptions } from './sentinelTarget.js';
export { Session } from './session.js';
export type { SessionResult } from './session.js';
export type { Target } from './target.js';
export { authCommand } from './credentials.js';
export type { Credentials } from './credentials.js';
