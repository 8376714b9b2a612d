import type Docker from 'dockerode';
import { errorMessage, isRedcheckError, type ErrorCode } from '../../errors.js';
import type { DoctorCheck } from '../doctor.js';
import { copyImage, imageId } from './copyImage.js';
import { connectEngine, type Engine, type EngineRef } from './engines.js';
import { probeOverlay, type OverlayRtt } from './overlayProbe.js';

/** A check of `doctor --engines`; a failed one carries the code a run would exit with. */
export interface EngineCheck extends DoctorCheck {
  code?: ErrorCode;
}

export interface EngineDoctorOptions {
  /** Images every engine must hold with the same id: the node image and the helper image. */
  images: readonly string[];
  /** The image of the overlay probe (redis-server and redis-cli): redcheck's own. */
  probeImage: string;
  /** Where a missing image is loaded from; default the first engine that holds it. */
  source?: Docker;
  /** Probe the overlay between the engines (default true; a run's start leaves it out). */
  overlay?: boolean;
  log?: (line: string) => void;
}

export interface EngineDoctorReport {
  checks: EngineCheck[];
  /** Round trips between engines over the overlay, each ordered pair. */
  rtt: OverlayRtt[];
  /** The same measure over loopback inside each engine's probe: the floor. */
  loopback: OverlayRtt[];
  /** The engines that answered, and the swarm's manager among them once they all agree. */
  engines?: Engine[];
  manager?: Engine;
}

function fail(name: string, code: ErrorCode, detail: string, fix: string): EngineCheck {
  return { name, status: 'fail', code, detail, fix };
}

/** The median of five `/_ping` round trips (the first, with the connection set up, left out). */
async function apiRoundTrip(docker: Docker): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    await docker.ping();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return ms.sort((a, b) => a - b)[2] ?? 0;
}

interface SwarmInfo {
  LocalNodeState?: string;
  NodeID?: string;
  ControlAvailable?: boolean;
  Cluster?: { ID?: string };
}

/** Each engine in one swarm: the same cluster id everywhere; returns a manager when all agree. */
async function checkSwarm(engines: Engine[], checks: EngineCheck[]): Promise<Engine | undefined> {
  const infos = await Promise.all(
    engines.map(async (e) => ({
      e,
      swarm: ((await e.docker.info()) as { Swarm?: SwarmInfo }).Swarm,
    })),
  );
  const first = infos.find((i) => i.swarm?.LocalNodeState === 'active')?.swarm?.Cluster?.ID;
  let ok = true;
  for (const { e, swarm } of infos) {
    const name = `swarm ${e.ref.name}`;
    if (swarm?.LocalNodeState !== 'active') {
      ok = false;
      checks.push(
        fail(
          name,
          'E_ENGINE_SWARM',
          `engine ${e.ref.name} is not in a swarm (state ${swarm?.LocalNodeState ?? 'unknown'})`,
          'join it: `docker swarm join-token worker` on a manager prints the command to run on it',
        ),
      );
      continue;
    }
    const cluster = swarm.Cluster?.ID ?? '';
    const role = swarm.ControlAvailable ? 'manager' : 'worker';
    if (first !== undefined && cluster !== '' && cluster !== first) {
      ok = false;
      checks.push(
        fail(
          name,
          'E_ENGINE_SWARM',
          `engine ${e.ref.name} is in another swarm (${cluster}, not ${first})`,
          `\`docker swarm leave\` on it, then join the swarm of the other engines`,
        ),
      );
      continue;
    }
    checks.push({ name, status: 'ok', detail: `${role} ${swarm.NodeID ?? '?'} of swarm ${first}` });
  }
  if (!ok) return undefined;
  // A worker does not know the swarm's id; a manager among the engines is needed anyway.
  const manager = infos.find((i) => i.swarm?.ControlAvailable)?.e;
  if (!manager) {
    checks.push(
      fail(
        'swarm manager',
        'E_ENGINE_SWARM',
        'no engine of the list is a swarm manager (only a manager creates the overlay network)',
        'add a manager of the swarm to --engines (`docker node ls` on a manager lists them)',
      ),
    );
  }
  return manager;
}

/** Every engine holds `image` with one id; a missing one is loaded (docker save | docker load). */
async function checkImage(
  engines: Engine[],
  image: string,
  o: EngineDoctorOptions,
  checks: EngineCheck[],
): Promise<void> {
  const ids = await Promise.all(engines.map((e) => imageId(e.docker, image)));
  const holder = engines.find((_, i) => ids[i] !== undefined);
  const source = o.source ?? holder?.docker;
  const want = o.source ? await imageId(o.source, image) : ids.find((id) => id !== undefined);
  if (!source || !want) {
    checks.push(
      fail(
        `image ${image}`,
        'E_ENGINE_IMAGE',
        `no engine holds ${image}`,
        'build it on this machine (`redcheck image build --redis 7.0`); doctor --engines then loads it into each engine',
      ),
    );
    return;
  }
  for (const [i, e] of engines.entries()) {
    const name = `image ${image} on ${e.ref.name}`;
    const id = ids[i];
    if (id === want) {
      checks.push({ name, status: 'ok', detail: `present (${want.slice(0, 19)})` });
      continue;
    }
    if (id !== undefined) {
      checks.push(
        fail(
          name,
          'E_ENGINE_IMAGE',
          `engine ${e.ref.name} holds another ${image} (${id.slice(0, 19)}, not ${want.slice(0, 19)})`,
          `remove it there (\`docker -H <engine> rmi ${image}\`); doctor --engines then loads the same one`,
        ),
      );
      continue;
    }
    const t0 = Date.now();
    try {
      await copyImage(source, e.docker, image);
      const s = ((Date.now() - t0) / 1000).toFixed(1);
      checks.push({
        name,
        status: 'ok',
        detail: `was missing: loaded (docker save | load) in ${s} s`,
      });
    } catch (err) {
      checks.push(
        fail(
          name,
          'E_ENGINE_IMAGE',
          errorMessage(err),
          isRedcheckError(err) ? (err.fix ?? '') : '',
        ),
      );
    }
  }
}

/**
 * `doctor --engines`: each engine answers (with the API's round trip from here), all are in
 * one swarm with a manager among them, each holds every image of `images` with the same id
 * (loading missing ones), and containers on each reach the others over an attachable overlay
 * network (with the round trip between each pair). Stops at the first stage that fails.
 */
export async function engineDoctor(
  refs: readonly EngineRef[],
  o: EngineDoctorOptions,
): Promise<EngineDoctorReport> {
  const checks: EngineCheck[] = [];
  const connected = await Promise.allSettled(refs.map((r) => connectEngine(r)));
  const engines: Engine[] = [];
  for (const [i, c] of connected.entries()) {
    const name = `engine ${refs[i]?.name ?? '?'}`;
    if (c.status === 'rejected') {
      const e: unknown = c.reason;
      checks.push(
        fail(
          name,
          'E_ENGINE_UNREACHABLE',
          errorMessage(e),
          isRedcheckError(e) ? (e.fix ?? '') : '',
        ),
      );
      continue;
    }
    const v = await c.value.docker.version();
    const rtt = await apiRoundTrip(c.value.docker);
    checks.push({
      name,
      status: 'ok',
      detail: `dockerd ${v.Version} answers; API round trip from here ${rtt.toFixed(2)} ms (median of 5)`,
    });
    engines.push(c.value);
  }
  if (engines.length < refs.length) return { checks, rtt: [], loopback: [] };
  const manager = await checkSwarm(engines, checks);
  if (!manager) return { checks, rtt: [], loopback: [] };
  for (const image of o.images) await checkImage(engines, image, o, checks);
  if (checks.some((c) => c.status === 'fail')) return { checks, rtt: [], loopback: [] };
  if (o.overlay === false) return { checks, rtt: [], loopback: [], engines, manager };
  o.log?.('[doctor] probing the overlay between the engines');
  const probe = await probeOverlay(engines, manager, o.probeImage);
  for (const u of probe.unreachable) {
    checks.push(
      fail(
        'overlay',
        'E_ENGINE_OVERLAY',
        u,
        'open the swarm ports between the engines: 2377/tcp, 7946/tcp+udp (gossip), 4789/udp (VXLAN)',
      ),
    );
  }
  const describe = (r: OverlayRtt) =>
    `PING round trip p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, max ${r.maxMs} ms (${r.samples} PINGs, one at a time)`;
  for (const r of probe.rtt) {
    checks.push({ name: `overlay ${r.from} -> ${r.to}`, status: 'ok', detail: describe(r) });
  }
  for (const r of probe.loopback) {
    checks.push({
      name: `loopback on ${r.from}`,
      status: 'ok',
      detail: `${describe(r)}: the floor`,
    });
  }
  return { checks, rtt: probe.rtt, loopback: probe.loopback };
}
