/** Public entry of the client layer: zone-bound connections, targets, modes, outcomes. */
export { boundConnector } from './boundConnector.js';
export { CLIENT_NAMES } from './Channel.js';
export type { BatchResult, ClientName, CommandChannel, Reply } from './Channel.js';
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
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_CLIENT,
} from './ClientOptions.js';
export type { ClientOptions, ResolvedClientOptions } from './ClientOptions.js';
export { createClient, safeRedisOptions } from './createClient.js';
export { ioredisChannel, sendPipeline } from './ioredisChannel.js';
export { RespConnection } from './resp/RespConnection.js';
export type { RespConnectOptions } from './resp/RespConnection.js';
export { createMode, isModeName } from './createMode.js';
export type { ModeOptions } from './createMode.js';
export { formatEndpoint } from './Endpoint.js';
export type { Endpoint } from './Endpoint.js';
export { fixedTarget } from './fixedTarget.js';
export { MODE_NAMES } from './Mode.js';
export type { Mode, ModeName, WriteContext } from './Mode.js';
export { resolveWaitModeOptions } from './modes/waitMode.js';
export type { WaitModeOptions, ResolvedWaitModeOptions } from './modes/waitMode.js';
export { WRITE_SCRIPT, WRITE_SCRIPT_SHA } from './modes/luaMode.js';
export { ok, fail, info } from './Outcome.js';
export type { Outcome, OutcomeType } from './Outcome.js';
export { readCommand } from './readCommand.js';
export { formatCommand } from './RedisCommand.js';
export type { RedisCommand } from './RedisCommand.js';
export { sentinelTarget } from './sentinelTarget.js';
export type { SentinelTargetOptions } from './sentinelTarget.js';
export { Session } from './Session.js';
export type { SessionResult } from './Session.js';
export type { Target } from './Target.js';
