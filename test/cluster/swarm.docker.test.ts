import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { OWNER_LABEL, RUN_LABEL } from '../../src/cluster/labels.js';
import { HELPER_IMAGE } from '../../src/cluster/nodeContainers.js';
import { NODE_TOOLS, nodeToolsDir } from '../../src/cluster/nodeTools.js';
import { bridgeNameFor } from '../../src/cluster/startDeployment.js';
import { startSwarmBox, type SwarmBox } from '../../src/cluster/swarm/box.js';
import { putNodeTools } from '../../src/cluster/swarm/putTools.js';
import { startAttached } from '../../src/cluster/swarm/startAttached.js';
import { buildEngineImage } from '../../src/cluster/swarm/engineImage.js';
import { dockerOrSkip } from '../support/dockerAvailable.js';
import { checkNoLeftovers } from '../support/leftovers.js';

interface Cli {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI (the launcher picks dist/ or the sources) without blocking the event loop. */
function cli(args: string[]): Promise<Cli> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/redcheck.js', ...args],
      { encoding: 'utf8', maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Run `cmd` in a throwaway container of `image` on `docker`'s `network`; its exit code and output. */
async function runOn(
  docker: Docker,
  image: string,
  network: string,
  cmd: string[],
  labels: Record<string, string>,
): Promise<{ code: number; out: string }> {
  const c = await startAttached(docker, {
    Image: image,
    Entrypoint: [],
    Cmd: cmd,
    Env: ['LD_PRELOAD='],
    Labels: labels,
    HostConfig: { NetworkMode: network },
  });
  try {
    const { StatusCode } = (await c.wait()) as { StatusCode: number };
    const logs = await c.logs({ stdout: true, stderr: true });
    return { code: StatusCode, out: logs.toString('utf8') };
  } finally {
    await c.remove({ force: true }).catch(() => undefined);
  }
}

/** Everything labelled `redcheck.run=<run>` on an engine. */
async function labelled(docker: Docker, run: string): Promise<string[]> {
  const filters = { label: [`${RUN_LABEL}=${run}`] };
  const found: string[] = [];
  for (const c of await docker.listContainers({ all: true, filters })) {
    found.push(`container ${c.Names.join(',')}`);
  }
  for (const n of await docker.listNetworks({ filters })) found.push(`network ${n.Name}`);
  return found;
}

/** What the cases read of a run's results.json (`run --json`). */
interface RunResults {
  run: string;
  valid: boolean;
  checkers: { set: { acknowledged: number; lost: number } };
  faults: { fault: string; target?: string; verified?: boolean; description?: string }[];
}

/** `run --scenario <scenario>` on the box's engines (or this machine's one when `engines` is ''). */
async function runScenario(
  scenario: object,
  store: string,
  name: string,
  engines: string,
  extra: string[] = [],
): Promise<{ results: RunResults; stderr: string }> {
  const file = join(store, `${name}.json`);
  writeFileSync(file, JSON.stringify(scenario));
  const where = engines === '' ? [] : ['--engines', engines];
  const r = await cli([
    'run',
    ...where,
    '--scenario',
    file,
    '--store',
    join(store, name),
    '--json',
    ...extra,
  ]);
  // Exit 0 (valid) or 1 (invalid: a verdict); anything else is a failure to run.
  assert.ok(
    r.code === 0 || r.code === 1,
    `${name}: exit ${r.code}\n${r.stderr.split('\n').slice(-30).join('\n')}`,
  );
  return { results: JSON.parse(r.stdout) as RunResults, stderr: r.stderr };
}

/**
 * Spawn `redcheck run <args>` and wait until its workers write (a condition, not a sleep):
 * the run's id, and `stop(signal)`, which signals it and resolves once it has exited.
 */
async function runUntilWorkers(
  args: string,
): Promise<{ run: string; stop: (signal: NodeJS.Signals) => Promise<void> }> {
  const child = spawn(process.execPath, ['bin/redcheck.js', ...args.split(' ')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
      if (/workers in zones/.test(stderr)) resolve();
    });
    void exited.then(() => reject(new Error(`the run ended first:\n${stderr}`)));
  });
  const run = /\[runner\] run (\S+)/.exec(stderr)?.[1] ?? '';
  assert.notEqual(run, '', stderr);
  return {
    run,
    stop: async (signal) => {
      child.kill(signal);
      await exited;
    },
  };
}

/** The verdict two runs must share: valid or not, lost writes or none. */
function verdict(r: RunResults): { valid: boolean; lost: boolean } {
  return { valid: r.valid, lost: r.checkers.set.lost > 0 };
}

describe('@docker swarm in a box: three engines, one swarm, an overlay between them', function () {
  this.timeout(900_000);
  checkNoLeftovers();
  let docker: Docker;
  let box: SwarmBox | undefined;
  let overlay = '';

  before(async function () {
    docker = await dockerOrSkip(this);
    // Built once per machine (debootstrap of docker.io: minutes, cached under
    // /var/cache/redcheck), a no-op afterwards.
    const image = await buildEngineImage(docker, { log: (l) => console.log(l) });
    if (image.built) console.log(`      [swarm] engine image built in ${image.ms} ms`);
    box = await startSwarmBox(docker, { images: [HELPER_IMAGE] });
    console.log(`      [swarm] box ${box.id} started in ${box.startMs} ms: ${box.engines}`);
    // The cases' overlay, made on the manager; it goes with the machines.
    overlay = `${box.id}-overlay`;
    await box.machines[0]!.docker.createNetwork({
      Name: overlay,
      Driver: 'overlay',
      Attachable: true,
      Internal: true,
      Labels: { [RUN_LABEL]: overlay, [OWNER_LABEL]: `${hostname()}:${process.pid}` },
    });
  });

  after(async () => {
    if (!box) return;
    await box.dispose();
    const left = await docker.listContainers({
      all: true,
      filters: { label: [`${RUN_LABEL}=${box.id}`] },
    });
    assert.deepEqual(left, [], 'the box left machines behind');
  });

  it('runs a dockerd in each machine, all in one swarm managed by the first; the local engine joins none', async () => {
    assert.ok(box);
    const infos = await Promise.all(box.machines.map((m) => m.docker.info()));
    const swarms = infos.map(
      (i) => (i as { Swarm: { LocalNodeState: string; ControlAvailable: boolean } }).Swarm,
    );
    assert.deepEqual(
      swarms.map((s) => [s.LocalNodeState, s.ControlAvailable]),
      [
        ['active', true],
        ['active', false],
        ['active', false],
      ],
    );
    const nodes = await box.machines[0]!.docker.listNodes();
    assert.equal(nodes.length, 3);
    const local = (await docker.info()) as { Swarm: { LocalNodeState: string } };
    assert.equal(local.Swarm.LocalNodeState, 'inactive');
    const ids = await Promise.all(
      box.machines.map(async (m) => (await m.docker.getImage(HELPER_IMAGE).inspect()).Id),
    );
    const here = (await docker.getImage(HELPER_IMAGE).inspect()).Id;
    assert.deepEqual(ids, [here, here, here], 'docker save | docker load keeps the image id');
  });

  it('a container on engine 1 reaches redis-server on engine 2 over the overlay, and not without it', async () => {
    assert.ok(box);
    const [m1, m2] = box.machines as [SwarmBox['machines'][0], SwarmBox['machines'][0]];
    const labels = { [RUN_LABEL]: overlay, [OWNER_LABEL]: `${hostname()}:${process.pid}` };
    const server = await startAttached(m2.docker, {
      Image: HELPER_IMAGE,
      Entrypoint: ['redis-server'],
      Cmd: ['--protected-mode', 'no', '--save', ''],
      Env: ['LD_PRELOAD='],
      Labels: labels,
      HostConfig: { NetworkMode: overlay },
    });
    try {
      const ip = (await server.inspect()).NetworkSettings.Networks[overlay]?.IPAddress ?? '';
      assert.match(ip, /^\d+\.\d+\.\d+\.\d+$/);
      const ping = ['sh', '-c', `sleep 0.5; timeout 5 redis-cli -h ${ip} PING`];
      const over = await runOn(m1.docker, HELPER_IMAGE, overlay, ping, labels);
      assert.equal(over.code, 0, over.out);
      assert.match(over.out, /PONG/);
      // The same PING from engine 1's own bridge finds no route (the box's network is
      // internal): the overlay is the path.
      const bridge = await runOn(m1.docker, HELPER_IMAGE, 'bridge', ping, labels);
      assert.notEqual(bridge.code, 0, bridge.out);
    } finally {
      await server.remove({ force: true });
    }
  });

  it('a node whose init and tools went in through the API (no bind mount) boots on engine 2 and answers engine 1', async () => {
    assert.ok(box);
    const [m1, m2] = box.machines as [SwarmBox['machines'][0], SwarmBox['machines'][0]];
    const labels = { [RUN_LABEL]: overlay, [OWNER_LABEL]: `${hostname()}:${process.pid}` };
    const tools = await nodeToolsDir();
    const node = await startAttached(
      m2.docker,
      {
        Image: HELPER_IMAGE,
        Entrypoint: [NODE_TOOLS.init],
        Cmd: [],
        Env: [
          'REDCHECK_REDIS_CONF=port 6379\nprotected-mode no\nsave ""\nappendonly no\n',
          `REDCHECK_TRACKER=${NODE_TOOLS.tracker}`,
        ],
        Labels: labels,
        HostConfig: { NetworkMode: overlay },
      },
      { beforeStart: (c) => putNodeTools(c, tools) },
    );
    try {
      const info = await node.inspect();
      assert.equal(info.HostConfig.Binds ?? null, null, 'no bind mount');
      const ip = info.NetworkSettings.Networks[overlay]?.IPAddress ?? '';
      const ping = await runOn(
        m1.docker,
        HELPER_IMAGE,
        overlay,
        [
          'sh',
          '-c',
          `for i in $(seq 50); do redis-cli -h ${ip} PING 2>/dev/null | grep -q PONG && exit 0; sleep 0.2; done; exit 1`,
        ],
        labels,
      );
      assert.equal(ping.code, 0, `no PONG from the node: ${ping.out}`);
      const top = (await node.top({ ps_args: '-o pid,comm' })) as { Processes: string[][] };
      const processes = top.Processes.map((p) => p[1]);
      assert.deepEqual(processes.slice(0, 2), ['init', 'redis-server'], JSON.stringify(top));
    } finally {
      await node.remove({ force: true });
    }
  });

  it('doctor --engines reports each engine, the swarm, the image and the round trips; exit 2 naming a bad engine', async () => {
    assert.ok(box);
    const r = await cli(['doctor', '--engines', box.engines, '--json']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout) as {
      ok: boolean;
      checks: { name: string; status: string }[];
      rtt: { from: string; to: string; p50Ms: number; p99Ms: number; samples: number }[];
      loopback: { p50Ms: number }[];
    };
    assert.equal(report.ok, true);
    const names = box.machines.map((m) => m.engine.name);
    for (const n of names) {
      for (const what of [`engine ${n}`, `swarm ${n}`, `image ${HELPER_IMAGE} on ${n}`]) {
        assert.equal(report.checks.find((c) => c.name === what)?.status, 'ok', what);
      }
    }
    assert.equal(report.rtt.length, names.length * (names.length - 1));
    for (const p of report.rtt) {
      assert.notEqual(p.from, p.to);
      assert.ok(p.p50Ms > 0 && p.p50Ms <= p.p99Ms, JSON.stringify(p));
      assert.equal(p.samples, 1000);
    }
    assert.equal(report.loopback.length, names.length);
    console.log(
      `      [swarm] overlay PING round trip p50 ${report.rtt.map((p) => p.p50Ms).join(', ')} ms; ` +
        `p99 ${report.rtt.map((p) => p.p99Ms).join(', ')} ms; loopback p50 ${report.loopback.map((p) => p.p50Ms).join(', ')} ms`,
    );

    // This machine's engine never joins a swarm: listing it is an error naming it, exit 2.
    const bad = await cli(['doctor', '--engines', `local,${names[0]}`]);
    assert.equal(bad.code, 2, bad.stdout + bad.stderr);
    assert.match(bad.stdout, /fail\s+swarm local\s+engine local is not in a swarm/);
    assert.match(bad.stdout, /fix: join it/);
    const gone = await cli(['doctor', '--engines', `${names[0]},tcp://127.0.0.1:1`]);
    assert.equal(gone.code, 2, gone.stdout + gone.stderr);
    assert.match(
      gone.stdout,
      /fail\s+engine tcp:\/\/127\.0\.0\.1:1\s+engine tcp:\/\/127\.0\.0\.1:1 does not answer/,
    );
  });

  it('run --engines: a Sentinel run with one node per machine, the partition verified across machines, no lost writes under WAIT all, nothing left on any engine', async () => {
    assert.ok(box);
    const store = mkdtempSync(join(tmpdir(), 'redcheck-swarm-run-'));
    try {
      // A spelled-out schedule: the cut starts 4 s in and lasts 8 s, whatever the load.
      const scenario = join(store, 'scenario.json');
      writeFileSync(
        scenario,
        JSON.stringify({
          topology: 'sentinel',
          mode: 'wait',
          seed: 7,
          timeLimit: '20s',
          schedule: [
            { at: '4s', fault: 'partition', target: 'primary-with-clients', duration: '8s' },
          ],
        }),
      );
      const r = await cli(
        `run --engines ${box.engines} --scenario ${scenario} --store ${store}/runs --json`.split(
          ' ',
        ),
      );
      assert.equal(r.code, 0, r.stderr.split('\n').slice(-30).join('\n'));
      const placed = /nodes on 3 engines: n1@(\S+) n2@(\S+) n3@(\S+)/.exec(r.stderr);
      assert.deepEqual(
        placed?.slice(1),
        box.machines.map((m) => m.engine.name),
        'one node per machine, round-robin',
      );
      const results = JSON.parse(r.stdout) as {
        run: string;
        valid: boolean;
        checkers: { set: { acknowledged: number; lost: number } };
        faults: { fault: string; verified: boolean; description: string }[];
      };
      assert.equal(results.valid, true);
      assert.ok(results.checkers.set.acknowledged > 0, 'writes went through the relays');
      assert.equal(results.checkers.set.lost, 0);
      const cut = results.faults.filter((f) => f.fault === 'partition');
      assert.ok(cut.length > 0, 'the partition happened');
      for (const f of cut) assert.equal(f.verified, true, f.description);
      for (const m of box.machines) {
        assert.deepEqual(await labelled(m.docker, results.run), [], m.name);
      }
    } finally {
      rmSync(store, { recursive: true, force: true });
    }
  });

  it("run --engines gives one engine's verdicts, same seed and scenario: lost writes under async with the primary cut off, none without faults", async () => {
    assert.ok(box);
    const engines = box.engines;
    const store = mkdtempSync(join(tmpdir(), 'redcheck-swarm-verdicts-'));
    try {
      // The primary and its zone cut off from the rest for 12 s (failover after 2.5 s of
      // silence, 4-5 s in all here at load 7-10; the margin is for a loaded machine): the old primary's acknowledged writes of the cut are gone once it rejoins.
      // 1,000 ops/s keeps the final reads and the check short.
      const cut = {
        topology: 'sentinel',
        mode: 'async',
        seed: 11,
        timeLimit: '16s',
        rate: 1000,
        schedule: [
          { at: '2s', fault: 'partition', target: 'primary-with-clients', duration: '12s' },
        ],
      };
      const quiet = { ...cut, timeLimit: '5s', schedule: undefined, nemesis: ['none'] };
      // The swarm's run and the one engine's side by side (different engines; the verdicts
      // do not hang on the rate), then the quiet pair.
      const [swarmCut, localCut] = await Promise.all([
        runScenario(cut, store, 'swarm-cut', engines),
        runScenario(cut, store, 'local-cut', ''),
      ]);
      const [swarmQuiet, localQuiet] = await Promise.all([
        runScenario(quiet, store, 'swarm-quiet', engines),
        runScenario(quiet, store, 'local-quiet', ''),
      ]);
      for (const [name, r] of Object.entries({ swarmCut, localCut, swarmQuiet, localQuiet })) {
        const s = r.results.checkers.set;
        console.log(
          `      [swarm] ${name}: valid ${r.results.valid}, lost ${s.lost} of ${s.acknowledged}`,
        );
        assert.ok(s.acknowledged > 0, `${name}: writes went through`);
      }
      assert.deepEqual(verdict(swarmCut.results), { valid: false, lost: true }, 'swarm, cut');
      assert.deepEqual(verdict(localCut.results), verdict(swarmCut.results), 'one engine, cut');
      assert.deepEqual(verdict(swarmQuiet.results), { valid: true, lost: false }, 'swarm, quiet');
      assert.deepEqual(
        verdict(localQuiet.results),
        verdict(swarmQuiet.results),
        'one engine, quiet',
      );
      assert.match(swarmCut.stderr, /nodes on 3 engines/);
      assert.doesNotMatch(localCut.stderr, /nodes on 3 engines/);
      for (const r of [swarmCut, localCut]) {
        const faults = r.results.faults.filter((f) => f.fault === 'partition');
        assert.equal(faults.length, 1, JSON.stringify(r.results.faults));
        assert.equal(faults[0]!.verified, true, faults[0]!.description);
      }
      assert.deepEqual(swarmQuiet.results.faults, []);
      for (const m of box.machines) {
        for (const r of [swarmCut, swarmQuiet]) {
          assert.deepEqual(await labelled(m.docker, r.results.run), [], m.name);
        }
      }
    } finally {
      rmSync(store, { recursive: true, force: true });
    }
  });

  it('run --engines: kill, pause, power loss, slow link and packet loss each verified in effect on a node on another machine', async () => {
    assert.ok(box);
    const store = mkdtempSync(join(tmpdir(), 'redcheck-swarm-faults-'));
    try {
      // Replication without failover: n1 on machine 1 stays primary, n2 and n3 are the
      // replicas on machines 2 and 3. AOF everysec so the power loss has files to cut.
      const { results, stderr } = await runScenario(
        {
          topology: 'replication',
          replicas: 2,
          mode: 'async',
          persistence: 'aof-everysec',
          seed: 5,
          timeLimit: '19s',
          rate: 1000,
          schedule: [
            { at: '2s', fault: 'kill', target: 'n2', duration: '2s' },
            { at: '5s', fault: 'pause', target: 'n3', duration: '2s' },
            { at: '8s', fault: 'power-loss', target: 'n3', duration: '2s' },
            { at: '11s', fault: 'slow-link', target: 'n1', duration: '2s' },
            { at: '14s', fault: 'packet-loss', target: 'n2', duration: '2s' },
          ],
        },
        store,
        'swarm-faults',
        box.engines,
      );
      assert.match(stderr, /nodes on 3 engines: n1@\S+ n2@\S+ n3@\S+/);
      const seen = results.faults.map((f) => [f.fault, f.target, f.verified]);
      assert.deepEqual(
        seen,
        [
          ['kill', 'n2', true],
          ['pause', 'n3', true],
          ['power-loss', 'n3', true],
          ['slow-link', 'n1', true],
          ['packet-loss', 'n2', true],
        ],
        JSON.stringify(results.faults, null, 1),
      );
      for (const m of box.machines) {
        assert.deepEqual(await labelled(m.docker, results.run), [], m.name);
      }
    } finally {
      rmSync(store, { recursive: true, force: true });
    }
  });

  it('run --engines interrupted by SIGINT while its workers write leaves nothing on any engine', async () => {
    assert.ok(box);
    const store = mkdtempSync(join(tmpdir(), 'redcheck-swarm-sigint-'));
    try {
      // Interrupted once the workers write through the relays.
      const { run, stop } = await runUntilWorkers(
        `run --engines ${box.engines} --topology replication --replicas 2 --nemesis none --time-limit 300 --store ${store}`,
      );
      await stop('SIGINT');
      for (const m of box.machines) assert.deepEqual(await labelled(m.docker, run), [], m.name);
    } finally {
      rmSync(store, { recursive: true, force: true });
    }
  });

  it('run --engines killed with SIGKILL mid-workload: cleanup --engines leaves nothing on any engine, relays and their network included', async () => {
    assert.ok(box);
    const store = mkdtempSync(join(tmpdir(), 'redcheck-swarm-sigkill-'));
    try {
      const { run, stop } = await runUntilWorkers(
        `run --engines ${box.engines} --topology sentinel --nemesis none --time-limit 300 --store ${store}`,
      );
      await stop('SIGKILL');
      // What the killed run left: nodes on every machine, relays and their bridge on the
      // control engine (the first), the overlay.
      const [control] = box.machines;
      const left = await labelled(control!.docker, run);
      assert.ok(
        left.some((x) => x.startsWith('container ') && x.includes('relay')),
        left.join('\n'),
      );
      assert.ok(
        left.some((x) => x === `network ${bridgeNameFor(run)}-relay`),
        left.join('\n'),
      );
      for (const m of box.machines.slice(1)) {
        assert.notDeepEqual(await labelled(m.docker, run), [], m.name);
      }
      // The owner is dead: no --all needed.
      const r = await cli(['cleanup', '--engines', box.engines, '--run', run, '--json']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      for (const m of box.machines) assert.deepEqual(await labelled(m.docker, run), [], m.name);
      assert.deepEqual(await labelled(docker, run), [], "this machine's engine");
      for (const m of box.machines) {
        const overlays = await m.docker.listNetworks({ filters: { name: [bridgeNameFor(run)] } });
        assert.deepEqual(
          overlays.map((n) => n.Name),
          [],
          `${m.name}: the overlay`,
        );
      }
    } finally {
      rmSync(store, { recursive: true, force: true });
    }
  });

  it('cleanup --engines removes every labelled container and network on every engine', async () => {
    assert.ok(box);
    const run = `${box.id}-crashed`;
    // As a run killed with SIGKILL leaves them: an overlay on the manager, a node on each engine.
    const labels = { [RUN_LABEL]: run, [OWNER_LABEL]: `${hostname()}:${process.pid}` };
    const [manager] = box.machines;
    await manager!.docker.createNetwork({
      Name: run,
      Driver: 'overlay',
      Attachable: true,
      Internal: true,
      Labels: labels,
    });
    for (const m of box.machines) {
      await startAttached(m.docker, {
        Image: HELPER_IMAGE,
        Entrypoint: ['sleep'],
        Cmd: ['infinity'],
        Labels: labels,
        HostConfig: { NetworkMode: run },
      });
    }
    for (const m of box.machines) assert.notDeepEqual(await labelled(m.docker, run), [], m.name);
    const r = await cli(['cleanup', '--engines', box.engines, '--run', run, '--all', '--json']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout) as { removed: string[] };
    assert.equal(report.removed.filter((x) => x.startsWith('container ')).length, 3);
    // The overlay is removed once; an engine whose container used it may list it too.
    assert.ok(
      report.removed.some((x) => x.startsWith(`network ${run} `)),
      r.stdout,
    );
    for (const m of box.machines) assert.deepEqual(await labelled(m.docker, run), [], m.name);
  });
});
