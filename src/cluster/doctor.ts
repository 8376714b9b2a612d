import { execFileSync } from 'node:child_process';
import type Docker from 'dockerode';
import { errorMessage, isRedcheckError } from '../errors.js';
import { demuxLogFrames } from './containerExec.js';
import { connectDocker } from './dockerClient.js';
import { flavorSpec } from './flavor.js';
import { imageExists } from './imageBuild.js';
import { OWNER_LABEL, RUN_LABEL } from './labels.js';
import { REDIS_FLAVORS, type RedisFlavor } from './types.js';

export interface DoctorCheck {
  name: string;
  /** `warn` is reported but does not make the machine unfit. */
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  fix?: string;
}

function has(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Run `script` in a throwaway container (NET_ADMIN, no network) and return exit code + output. */
async function probe(
  docker: Docker,
  image: string,
  script: string,
): Promise<{ code: number; out: string }> {
  const c = await docker.createContainer({
    Image: image,
    Cmd: ['sh', '-c', script],
    Labels: { [RUN_LABEL]: `doctor-${process.pid}`, [OWNER_LABEL]: `doctor:${process.pid}` },
    HostConfig: { CapAdd: ['NET_ADMIN'], NetworkMode: 'none' },
  });
  try {
    await c.start();
    const { StatusCode } = (await c.wait()) as { StatusCode: number };
    const logs = await c.logs({ stdout: true, stderr: true });
    return { code: StatusCode, out: demuxLogFrames(logs) };
  } finally {
    await c.remove({ force: true }).catch(() => undefined);
  }
}

/** Every check of `redcheck doctor`, each with its fix when it is not ok. */
export async function runDoctor(primaryFlavor: RedisFlavor = '7.0'): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const root = process.getuid?.() === 0;
  checks.push(
    root
      ? { name: 'root', status: 'ok', detail: 'running as root (host addresses, bridges)' }
      : {
          name: 'root',
          status: 'fail',
          detail: 'not root: client zones need `ip addr add` on the run bridge',
          fix: 'run redcheck as root (sudo)',
        },
  );
  for (const cmd of ['ip', 'debootstrap']) {
    const ok = has(cmd);
    checks.push({
      name: cmd,
      status: ok ? 'ok' : cmd === 'ip' ? 'fail' : 'warn',
      detail: ok ? `${cmd} found` : `${cmd} not found`,
      fix: ok ? undefined : `apt-get install ${cmd === 'ip' ? 'iproute2' : 'debootstrap'}`,
    });
  }
  let docker: Docker;
  try {
    docker = await connectDocker();
    const v = await docker.version();
    checks.push({ name: 'docker', status: 'ok', detail: `engine ${v.Version} reachable` });
  } catch (e) {
    checks.push({
      name: 'docker',
      status: 'fail',
      detail: errorMessage(e),
      fix: isRedcheckError(e) ? e.fix : 'install docker.io and start dockerd',
    });
    return checks;
  }
  for (const flavor of REDIS_FLAVORS) {
    const { image } = flavorSpec(flavor);
    const ok = await imageExists(docker, image);
    checks.push({
      name: `image ${flavor}`,
      status: ok ? 'ok' : flavor === primaryFlavor ? 'fail' : 'warn',
      detail: ok ? `${image} present` : `${image} missing`,
      fix: ok ? undefined : `redcheck image build --redis ${flavor}`,
    });
  }
  const image = flavorSpec(primaryFlavor).image;
  if (!(await imageExists(docker, image))) return checks;
  const ipt = await probe(
    docker,
    image,
    'iptables -A INPUT -s 192.0.2.1 -j DROP && iptables -S INPUT | grep -q 192.0.2.1 && iptables -V',
  );
  checks.push(
    ipt.code === 0
      ? { name: 'iptables (NET_ADMIN)', status: 'ok', detail: `works in a node: ${ipt.out.trim()}` }
      : {
          name: 'iptables (NET_ADMIN)',
          status: 'fail',
          detail: `iptables inside a NET_ADMIN container failed: ${ipt.out.trim()}`,
          fix: 'load nf_tables (`modprobe nf_tables`) and rebuild the image (`redcheck image build --force`)',
        },
  );
  const tbf = await probe(
    docker,
    image,
    'tc qdisc add dev lo root tbf rate 1mbit burst 32kbit latency 400ms',
  );
  checks.push(
    tbf.code === 0
      ? { name: 'tc tbf', status: 'ok', detail: 'rate limits (slow-link) work' }
      : {
          name: 'tc tbf',
          status: 'fail',
          detail: `tc tbf failed: ${tbf.out.trim()}`,
          fix: 'load sch_tbf (`modprobe sch_tbf`)',
        },
  );
  const netem = await probe(docker, image, 'tc qdisc add dev lo root netem delay 1ms');
  checks.push(
    netem.code === 0
      ? { name: 'tc netem', status: 'ok', detail: 'netem delays work' }
      : {
          name: 'tc netem',
          status: 'warn',
          detail: 'this kernel lacks netem: slow-link uses tbf rate limits only, no added delay',
          fix: 'load sch_netem (`modprobe sch_netem`) or use a kernel built with CONFIG_NET_SCH_NETEM',
        },
  );
  return checks;
}
