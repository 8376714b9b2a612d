import type { Persistence, RedisFlavor, Topology } from '../../cluster/types.js';
import type { ModeName } from '../../client/mode.js';
import type { ClientName } from '../../client/channel.js';
import type { FaultSpec } from '../../../nemesis/index.js';
import type { ReadFrom } from './scenarioInput.js';

/** The scenario with every default resolved; written verbatim to `scenario.json`. */
export interface ResolvedScenario {
  topology: Topology;
  replicas: number;
  /** `cluster` only: shards. */
  shards?: number;
  /** `cluster` only: `cluster-node-timeout` in ms. */
  clusterNodeTimeoutMs?: number;
  /** `cluster` only: `cluster-require-full-coverage`. */
  clusterRequireFullCoverage?: boolean;
  mode: ModeName;
  waitReplicas: number;
  waitTimeoutMs: number;
  waitaofLocal: number;
  waitaofReplicas: number;
  /** A workload's name (see `workloads/registry.ts`). */
  workload: string;
  readFrom: ReadFrom;
  client: ClientName;
  checkTimeLimitMs: number;
  /** Fault specs in their canonical text (`partition:primary-with-clients`), `[]` for none. */
  nemesis: string[];
  /** The same specs parsed and checked against the topology: what the run injects. */
  faults: FaultSpec[];
  /** Every fault option by scenario field (`packetLoss`), defaults filled in. */
  faultOptions: Record<string, number | string>;
  nemesisIntervalMs: number;
  timeLimitMs: number;
  concurrency: number;
  /** ops/s limit across all workers; `null` for unlimited. */
  rate: number | null;
  seed: number;
  redis: RedisFlavor;
  /** The image the nodes run, when the user named one (`--image`); else redcheck's of `redis`. */
  image?: string;
  /** The server binary inside `image`, when named (`--server-binary`). */
  serverBinary?: string;
  /** The user's redis.conf (`--redis-conf`), checked when resolved; read again at setup. */
  redisConf?: string;
  persistence: Persistence;
  rdbSave: string;
  minReplicasToWrite: number;
  minReplicasMaxLag: number;
  store: string;
  keep: boolean;
  opTimeoutMs: number;
  settleTimeoutMs: number;
  runTimeoutMs: number;
  redisConfig: string[];
  /** The explicit schedule, in ms, when the scenario spelled one out (`nemesis` lists its faults). */
  schedule?: ScheduleJson[];
  /** The input's claim and expectations, kept so the stored run can be judged (`compare`). */
  claim?: { id: string; text: string };
  expect?: string[];
}

/** One entry of a resolved explicit schedule, times in ms. */
export interface ScheduleJson {
  at: number;
  fault: string;
  target?: string;
  duration: number;
}
