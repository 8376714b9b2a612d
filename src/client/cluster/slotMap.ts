import { formatEndpoint, type Endpoint } from '../endpoint.js';
import { SLOT_COUNT } from './hashSlot.js';

/**
 * Which primary serves each of the 16384 slots, as one node said it (`CLUSTER SHARDS`, or
 * `CLUSTER SLOTS` on servers without it). A slot no primary serves maps to nothing.
 */
export class SlotMap {
  private readonly owner = new Int16Array(SLOT_COUNT).fill(-1);
  private readonly endpoints: Endpoint[] = [];

  /** Every primary the map names. */
  get primaries(): readonly Endpoint[] {
    return this.endpoints;
  }

  /** The primary serving `slot`, if any. */
  endpointFor(slot: number): Endpoint | undefined {
    const i = this.owner[slot] ?? -1;
    return i < 0 ? undefined : this.endpoints[i];
  }

  /** Serve `from..to` (inclusive) from `endpoint`. */
  assign(from: number, to: number, endpoint: Endpoint): void {
    const key = formatEndpoint(endpoint);
    let i = this.endpoints.findIndex((e) => formatEndpoint(e) === key);
    if (i < 0) i = this.endpoints.push(endpoint) - 1;
    this.owner.fill(i, Math.max(0, from), Math.min(SLOT_COUNT - 1, to) + 1);
  }

  /** How many slots are served. */
  covered(): number {
    let n = 0;
    for (const o of this.owner) if (o >= 0) n++;
    return n;
  }
}

/** A flat `[k1, v1, k2, v2, ...]` RESP2 map reply as an object. */
function pairs(reply: unknown): Map<string, unknown> {
  const m = new Map<string, unknown>();
  if (!Array.isArray(reply)) return m;
  for (let i = 0; i + 1 < reply.length; i += 2) m.set(String(reply[i]), reply[i + 1]);
  return m;
}

/**
 * The map from a `CLUSTER SHARDS` reply (RESP2): for each shard its `slots` pairs and the
 * node with `role master`, an `online` one first. `port` is the node's plain TCP port.
 */
export function slotMapFromShards(reply: unknown): SlotMap {
  const map = new SlotMap();
  if (!Array.isArray(reply)) throw new Error(`CLUSTER SHARDS: not an array: ${String(reply)}`);
  for (const shard of reply) {
    const s = pairs(shard);
    const slots = s.get('slots');
    const nodes = s.get('nodes');
    if (!Array.isArray(slots) || !Array.isArray(nodes)) continue;
    const masters = nodes.map(pairs).filter((n) => n.get('role') === 'master');
    const master = masters.find((n) => n.get('health') === 'online') ?? masters[0];
    if (master === undefined) continue;
    const ip = master.get('ip') ?? master.get('endpoint');
    const host = typeof ip === 'string' ? ip : Buffer.isBuffer(ip) ? ip.toString() : '';
    const port = Number(master.get('port') ?? master.get('tls-port'));
    if (host === '' || !Number.isInteger(port)) continue;
    for (let i = 0; i + 1 < slots.length; i += 2) {
      map.assign(Number(slots[i]), Number(slots[i + 1]), { host, port });
    }
  }
  return map;
}

/** The map from a `CLUSTER SLOTS` reply: `[[from, to, [ip, port, id], replicas...], ...]`. */
export function slotMapFromSlots(reply: unknown): SlotMap {
  const map = new SlotMap();
  if (!Array.isArray(reply)) throw new Error(`CLUSTER SLOTS: not an array: ${String(reply)}`);
  for (const range of reply) {
    if (!Array.isArray(range)) continue;
    const [from, to, master] = range as [unknown, unknown, unknown];
    if (!Array.isArray(master)) continue;
    map.assign(Number(from), Number(to), { host: String(master[0]), port: Number(master[1]) });
  }
  return map;
}
