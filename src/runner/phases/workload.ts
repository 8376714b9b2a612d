import { createMode } from '../../client/createMode.js';
import { ClusterSession } from '../../client/cluster/clusterSession.js';
import { fixedTarget } from '../../client/fixedTarget.js';
import { sentinelTarget } from '../../client/sentinelTarget.js';
import type { Target } from '../../client/target.js';
import type { DockerDeployment } from '../../cluster/index.js';
import { createNemesisDriver, zoneHomes } from '../../../nemesis/index.js';
import { startClock } from '../clock.js';
import { modeWriter } from '../modeWriter.js';
import { watchCluster } from '../clusterWatcher.js';
import { startProgress } from '../progress.js';
import { startObservers } from '../observers/index.js';
import { createRateLimiter } from '../rateLimiter.js';
import type { RunContext } from '../runContext.js';
import { runWorkers } from '../workers.js';
import { probeLanes, startProbe, type RunningProbe } from '../probe.js';
import type { Writer } from '../writer.js';

/** Workload: the workers and the nemesis, together, for the time limit (or until stopped). */
export async function workload(run: RunContext): Promise<void> {
  const s = run.scenario;
  const d = deploymentOf(run);
  const driver = createNemesisDriver({
    deployment: d,
    schedule: run.schedule,
    record: (op) => void run.history.append({ ...op, time: run.clock.now() }),
    now: () => run.clock.now(),
    log: run.log,
    options: s.faultOptions,
  });
  run.driver = driver;
  await run.stop.abortable(driver.setup());
  const writers = createWriters(run, d);
  // Cluster: the probe measures how long a cut primary keeps acknowledging (results.probe).
  const lanes =
    s.topology === 'cluster' && d.zones.length > 0
      ? await run.stop.abortable(probeLanes(d))
      : undefined;
  run.clock = startClock();
  const progress = startProgress(
    {
      elapsedMs: () => run.clock.elapsedMs(),
      limitMs: s.timeLimitMs,
      counters: run.counters,
      activeFaults: () => driver.active(),
    },
    { stream: run.options.progress ?? process.stderr, quiet: run.options.progress === null },
  );
  const clusterWatcher =
    s.topology === 'cluster' ? watchCluster(d, () => run.clock.now(), run.log) : undefined;
  const observers = await startObservers(run, d); // resyncs, replica lag (results.observers)
  let probe: RunningProbe | undefined;
  try {
    if (lanes !== undefined && lanes.length > 0) {
      probe = startProbe({
        deployment: d,
        lanes,
        history: run.history,
        clock: run.clock,
        log: run.log,
      });
    }
    const nemesisDone = driver.run(run.stop.signal);
    await runWorkers(
      {
        writers,
        workload: run.workload,
        history: run.history,
        clock: run.clock,
        rate: createRateLimiter(s.rate),
        deadlineMs: s.timeLimitMs,
        signal: run.stop.signal,
      },
      run.counters,
    );
    await nemesisDone;
  } finally {
    if (probe) run.results.probe = await probe.stop();
    progress.stop();
    await Promise.all(writers.map((w) => w.close()));
    await observers.stop();
    // Sentinel's failovers: the failover observer's changes (polled over TCP every 250 ms;
    // `docker exec` polls took seconds under load and missed failovers).
    const seen = run.results.observers?.failover?.changes;
    if (s.topology === 'sentinel' && seen !== undefined) {
      run.results.failovers = seen.map((c) => ({
        time: c.time,
        ...(c.from === undefined ? {} : { from: c.from }),
        to: c.to,
      }));
    }
    if (clusterWatcher) {
      const { failovers, ...cluster } = await clusterWatcher.stop();
      run.results.failovers = failovers;
      run.results.cluster = cluster;
    }
  }
  const c = run.counters;
  run.results.opsPerSec = Math.round(((c.ok + c.fail + c.info) * 1000) / run.clock.elapsedMs());
  run.log(
    `[runner] workload done: ok ${c.ok} fail ${c.fail} info ${c.info} (${run.results.opsPerSec} ops/s)`,
  );
}

export function deploymentOf(run: RunContext): DockerDeployment {
  if (run.deployment === undefined) throw new Error('no deployment: setup did not run');
  return run.deployment;
}

/** One writer per worker, each in a client zone (round robin), with the run's mode. */
function createWriters(run: RunContext, d: DockerDeployment): Writer[] {
  const s = run.scenario;
  const mode = createMode(s.mode, {
    waitReplicas: s.waitReplicas,
    waitTimeoutMs: s.waitTimeoutMs,
    waitaofLocal: s.waitaofLocal,
    waitaofReplicas: s.waitaofReplicas,
  });
  const byIp = new Map(d.nodes.map((n) => [n.ip, n.name]));
  const writers: Writer[] = [];
  for (let i = 0; i < s.concurrency; i++) {
    const zone = d.zones.length > 0 ? d.zones[i % d.zones.length] : undefined;
    const client = {
      commandTimeoutMs: s.opTimeoutMs,
      connectTimeoutMs: s.opTimeoutMs,
      ...(zone ? { localAddress: zone.ip } : {}),
    };
    writers.push(
      modeWriter({
        mode,
        target: targetFor(run, d, client),
        opTimeoutMs: s.opTimeoutMs,
        nodeName: (host) => byIp.get(host),
        connectionName: `w${i}`,
        readFrom: s.readFrom,
        client: s.client,
        ...(d.auth === undefined ? {} : { auth: d.auth }),
        ...(zone ? { localAddress: zone.ip } : {}),
        ...(s.topology === 'cluster'
          ? {
              session: new ClusterSession(
                d.nodes.map((n) => ({ host: n.ip, port: d.redisPort })),
                {
                  ...client,
                  connectionName: `w${i}`,
                  ...(d.auth === undefined ? {} : { auth: d.auth }),
                },
              ),
            }
          : {}),
      }),
    );
  }
  const homes = zoneHomes(d.zones, d.nodes);
  run.log(
    `[runner] ${s.concurrency} workers in zones ` +
      homes
        .map((h, z) => {
          const ws = writers.map((_, i) => i).filter((i) => i % d.zones.length === z);
          return `${h.zone}(next to ${h.node}): ${ws.map((i) => `w${i}`).join(' ')}`;
        })
        .join('; '),
  );
  return writers;
}

/** Where a worker sends: the primary the sentinels name, or the first node. */
function targetFor(
  run: RunContext,
  d: DockerDeployment,
  client: Parameters<typeof sentinelTarget>[0]['client'],
): Target {
  const [primary, ...replicas] = d.nodes;
  if (run.scenario.topology === 'sentinel') {
    return sentinelTarget({
      sentinels: d.nodes.map((n) => ({ host: n.ip, port: d.sentinelPort })),
      name: d.masterName ?? 'mymaster',
      client,
    });
  }
  if (primary === undefined) throw new Error('the deployment has no nodes');
  return fixedTarget(
    { host: primary.ip, port: d.redisPort },
    replicas.map((n) => ({ host: n.ip, port: d.redisPort })),
  );
}
