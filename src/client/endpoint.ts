/** A Redis (or sentinel) address as clients dial it. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/** `host:port`, the form used in history ops (`node`) and error messages. */
export function formatEndpoint(endpoint: Endpoint): string {
  return `${endpoint.host}:${endpoint.port}`;
}
