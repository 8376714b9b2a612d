import type Docker from 'dockerode';
import { errorMessage } from '../errors.js';
import { containerExec, demuxLogFrames } from './containerExec.js';
import type { DoctorCheck } from './doctor.js';
import { ensureImage } from './imageBuild.js';
import { imageOnEngine } from './imageOnEngine.js';
import { runLabels } from './labels.js';
import { HELPER_IMAGE } from './nodeContainers.js';
import { INIT_RUN_DIR, NODE_TOOLS, nodeToolsDir } from './nodeTools.js';
import { inNode } from './redisConfig.js';

const CONFIG = ['port 6379', 'daemonize no', 'logfile ""', 'dir /data', 'save ""'].join('\n');

/** The `server` check of a node whose server did not answer, with the node's own output. */
async function serverFailed(node: Docker.Container): Promise<DoctorCheck> {
  const raw: unknown = await node.logs({ stdout: true, stderr: true }).catch(() => undefined);
  const output = Buffer.isBuffer(raw) ? demuxLogFrames(raw).trim() : '';
  return {
    name: 'server',
    status: 'fail',
    detail: `no server answered in the node; its output:\n${output.split('\n').slice(-10).join('\n')}`,
    fix: /no server binary/.test(output)
      ? 'name the server binary inside the image: --server-binary <path>'
      : 'the server must run as `<binary> <config file>` in the foreground',
  };
}

/**
 * What `redcheck doctor --image <ref>` says: whether a run can test `image`, and what each
 * fault kind needs from it. It boots the image as a node would (redcheck's init as PID 1, no
 * network) with a helper in its namespaces, asks the server for its version, and reads why
 * the fsync tracker is or is not loaded (power loss needs a glibc server). Removes both.
 */
export async function imageDoctor(
  docker: Docker,
  image: string,
  serverBinary?: string,
): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  if (!(await imageOnEngine(docker, image))) {
    checks.push({
      name: `image ${image}`,
      status: 'fail',
      detail: 'not on the Docker engine',
      fix: `build or load it (\`docker build -t ${image} .\`, \`docker load\`), or check \`docker images\``,
    });
    return checks;
  }
  checks.push({ name: `image ${image}`, status: 'ok', detail: 'present' });
  const label = `doctor-image-${process.pid}-${Date.now()}`;
  const labels = runLabels(label);
  const created: Docker.Container[] = [];
  try {
    const tools = await nodeToolsDir();
    await ensureImage(docker, '7.0', { build: false });
    const node = await docker.createContainer({
      Image: image,
      Entrypoint: [NODE_TOOLS.init],
      Cmd: [],
      User: '0:0',
      Env: [
        `REDCHECK_REDIS_CONF=${CONFIG}`,
        `REDCHECK_TRACKER=${NODE_TOOLS.tracker}`,
        ...(serverBinary === undefined ? [] : [`REDCHECK_SERVER=${serverBinary}`]),
      ],
      Labels: labels,
      HostConfig: { Binds: [`${tools}:${NODE_TOOLS.mount}:ro`], NetworkMode: 'none' },
    });
    created.push(node);
    await node.start();
    const helper = await docker.createContainer({
      Image: HELPER_IMAGE,
      Entrypoint: ['sleep'],
      Cmd: ['infinity'],
      Env: ['LD_PRELOAD='],
      Labels: labels,
      HostConfig: {
        CapAdd: ['NET_ADMIN'],
        NetworkMode: `container:${node.id}`,
        PidMode: `container:${node.id}`,
        Binds: [`${tools}:${NODE_TOOLS.mount}:ro`],
      },
    });
    created.push(helper);
    await helper.start();
    const sh = (script: string) => containerExec(docker, helper.id, ['sh', '-c', script]);
    const info = await sh(
      'for i in $(seq 1 100); do r=$(redis-cli info server 2>/dev/null) && ' +
        'case "$r" in *redis_version*) echo "$r"; exit 0;; esac; sleep 0.1; done; exit 1',
    );
    const version =
      /^valkey_version:(\S+)/m.exec(info.stdout)?.[1] ??
      /^redis_version:(\S+)/m.exec(info.stdout)?.[1];
    if (info.exitCode !== 0 || version === undefined) {
      checks.push(await serverFailed(node));
      return checks;
    }
    const flavour = /^valkey_version:/m.test(info.stdout) ? 'valkey' : 'redis';
    const sha = /^redis_git_sha1:(\S+)/m.exec(info.stdout)?.[1];
    checks.push({
      name: 'server',
      status: 'ok',
      detail:
        `${flavour} ${version}${sha && !/^0+$/.test(sha) ? ` (git ${sha})` : ''} answers; ` +
        'sentinel topology runs it with --sentinel, cluster topology with cluster-enabled',
    });
    checks.push({
      name: 'network faults',
      status: 'ok',
      detail:
        'partition, slow-link, packet-loss: iptables and tc run from the helper, nothing needed in the image',
    });
    checks.push({
      name: 'process faults',
      status: 'ok',
      detail:
        "kill, pause, restart: signals from the helper, restarts by redcheck's init, nothing needed in the image",
    });
    const tracker = (await sh(`cat ${inNode(`${INIT_RUN_DIR}/tracker`)}`)).stdout.trim();
    checks.push(
      tracker === 'yes'
        ? {
            name: 'power loss',
            status: 'ok',
            detail: 'the fsync tracker is preloaded into the server (glibc)',
          }
        : {
            name: 'power loss',
            status: 'warn',
            detail: `not available: ${tracker.replace(/^no: /, '') || 'the tracker did not load'}`,
            fix: 'power loss needs a server dynamically linked against glibc; every other fault works',
          },
    );
  } catch (e) {
    const node = created[0];
    // The init ended at once (no server binary): the helper then cannot join the node.
    if (node && !(await node.inspect()).State.Running) {
      checks.push(await serverFailed(node));
      return checks;
    }
    checks.push({
      name: 'image boot',
      status: 'fail',
      detail: errorMessage(e),
      fix: 'run `redcheck doctor`',
    });
  } finally {
    await Promise.all(created.map((c) => c.remove({ force: true }).catch(() => undefined)));
  }
  return checks;
}
