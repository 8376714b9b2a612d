import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { errorMessage } from '../../errors.js';
import { containerExec } from '../containerExec.js';
import { runLabels } from '../labels.js';
import type { Engine } from './engines.js';
import { startAttached } from './startAttached.js';

/** PING round trips from a container on one engine to a Redis server on another. */
export interface OverlayRtt {
  readonly from: string;
  readonly to: string;
  readonly avgMs: number;
  readonly minMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** PINGs sent, one at a time on one connection. */
  readonly samples: number;
}

export interface OverlayProbeResult {
  /** Pairs that answered, each way. */
  readonly rtt: OverlayRtt[];
  /** The same measure against each probe's own server over loopback: the floor of the numbers. */
  readonly loopback: OverlayRtt[];
  /** Pairs that did not: `a -> b: why`. */
  readonly unreachable: string[];
}

/** PINGs per pair (`redis-benchmark -c 1 -n`). */
export const RTT_SAMPLES = 1000;

/**
 * Parse `redis-benchmark -t ping --csv` output: the PING_MBULK row's latencies
 * (`"PING_MBULK","rps","avg","min","p50","p95","p99","max"`).
 */
export function parseBenchmarkCsv(
  out: string,
): Pick<OverlayRtt, 'avgMs' | 'minMs' | 'p50Ms' | 'p99Ms' | 'maxMs'> | undefined {
  const line = out.split('\n').find((l) => l.startsWith('"PING_MBULK"'));
  const v = line?.split(',').map((c) => Number(c.replaceAll('"', '')));
  if (!v || v.length < 8 || v.slice(1, 8).some((n) => !Number.isFinite(n))) return undefined;
  const [, , avgMs, minMs, p50Ms, , p99Ms, maxMs] = v;
  return {
    avgMs: avgMs as number,
    minMs: minMs as number,
    p50Ms: p50Ms as number,
    p99Ms: p99Ms as number,
    maxMs: maxMs as number,
  };
}

interface Probe {
  readonly engine: Engine;
  readonly id: string;
  readonly ip: string;
}

async function startProbe(
  engine: Engine,
  image: string,
  net: string,
  label: string,
): Promise<Probe> {
  const c = await startAttached(engine.docker, {
    Image: image,
    Entrypoint: ['redis-server'],
    Cmd: ['--port', '6379', '--protected-mode', 'no', '--save', '', '--appendonly', 'no'],
    Env: ['LD_PRELOAD='],
    Labels: runLabels(label),
    StopTimeout: 1,
    HostConfig: { NetworkMode: net },
    NetworkingConfig: { EndpointsConfig: { [net]: {} } },
  });
  const ip = (await c.inspect()).NetworkSettings.Networks[net]?.IPAddress ?? '';
  return { engine, id: c.id, ip };
}

/** From `a`'s container: PING `b`'s server, then time RTT_SAMPLES PINGs, one at a time. */
async function measure(a: Probe, b: Probe): Promise<OverlayRtt | string> {
  const to = a === b ? '127.0.0.1' : b.ip;
  const pair = `${a.engine.ref.name} -> ${b.engine.ref.name}`;
  const ping = await containerExec(a.engine.docker, a.id, [
    'timeout',
    '5',
    'redis-cli',
    '-h',
    to,
    'PING',
  ]);
  if (ping.exitCode !== 0 || !ping.stdout.includes('PONG')) {
    const why = (ping.stdout + ping.stderr).trim() || `exit ${ping.exitCode}`;
    return `${pair}: no PONG from ${to} over the overlay (${why})`;
  }
  const bench = await containerExec(a.engine.docker, a.id, [
    'timeout',
    '30',
    'redis-benchmark',
    '-h',
    to,
    '-c',
    '1',
    '-n',
    String(RTT_SAMPLES),
    '-t',
    'ping',
    '--csv',
  ]);
  const parsed = parseBenchmarkCsv(bench.stdout);
  if (!parsed) return `${pair}: the round-trip sample gave ${JSON.stringify(bench.stdout.trim())}`;
  return { from: a.engine.ref.name, to: b.engine.ref.name, ...parsed, samples: RTT_SAMPLES };
}

/**
 * Whether containers on every engine reach each other over an attachable, internal overlay
 * network made for the probe on `manager`: a Redis server (from `image`, which must hold
 * `redis-server`, `redis-cli` and `redis-benchmark`) on each engine, a PING and a timed
 * sample of PINGs from each to every other, and to itself over loopback (the floor). Everything made is removed before it returns.
 */
export async function probeOverlay(
  engines: readonly Engine[],
  manager: Engine,
  image: string,
): Promise<OverlayProbeResult> {
  const label = `doctor-overlay-${randomBytes(4).toString('hex')}`;
  const name = `redcheck-${label}`;
  const probes: Probe[] = [];
  try {
    await manager.docker.createNetwork({
      Name: name,
      Driver: 'overlay',
      Attachable: true,
      Internal: true,
      Labels: runLabels(label),
    });
    const started = await Promise.allSettled(engines.map((e) => startProbe(e, image, name, label)));
    const unreachable: string[] = [];
    started.forEach((s, i) => {
      if (s.status === 'fulfilled') probes.push(s.value);
      else {
        const engine = engines[i]?.ref.name ?? '?';
        unreachable.push(`${engine}: no container on the overlay (${errorMessage(s.reason)})`);
      }
    });
    const rtt: OverlayRtt[] = [];
    const loopback: OverlayRtt[] = [];
    // One pair at a time: concurrent samples would measure each other.
    for (const a of probes) {
      for (const b of probes) {
        const r = await measure(a, b);
        if (typeof r === 'string') unreachable.push(r);
        else (a === b ? loopback : rtt).push(r);
      }
    }
    return { rtt, loopback, unreachable };
  } finally {
    await Promise.all(
      probes.map((p) =>
        p.engine.docker
          .getContainer(p.id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
    await removeNetworkEventually(manager.docker, name);
  }
}

/** Remove a swarm network; a worker may still hold an endpoint for a moment after its container went. */
async function removeNetworkEventually(docker: Docker, name: string): Promise<void> {
  for (let i = 0; i < 20; i++) {
    try {
      await docker.getNetwork(name).remove();
      return;
    } catch (e) {
      if (/no such network|not found/i.test(errorMessage(e))) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
