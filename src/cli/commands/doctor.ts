import { defineCommand } from '../defineCommand.js';
import { EXIT_ERROR } from '../../errors.js';
import { connectDocker, flavorSpec } from '../../cluster/index.js';
import { imageDoctor } from '../../cluster/imageDoctor.js';
import { runDoctor } from '../../cluster/doctor.js';
import { REDIS_FLAVORS } from '../../cluster/types.js';
import type { Command } from '../command.js';

const USAGE = `usage: redcheck doctor [--redis <flavor>] [--image <ref> [--server-binary <path>]] [--json]
       redcheck doctor --engines <list> [--redis <flavor>] [--image <ref>] [--json]

Check that this machine can run redcheck: Docker reachable, node images present, root,
iptables inside a NET_ADMIN container, tc (tbf; netem where the kernel has it). Each
problem comes with its fix.

options:
  --redis <flavor>   the flavour whose image must be present (${REDIS_FLAVORS.join('|')}, default 7.0)
  --image <ref>      also say whether this image can be tested (its server, its version) and
                     what each fault kind needs from it (power loss: a glibc server)
  --server-binary <path>  the server binary inside --image (default redis-server, valkey-server)
  --json             print the checks as JSON
  --engines <list>   instead: check these Docker engines for a run over several machines
                     (comma-separated: local, unix:///path, tcp://host:port, ssh://user@host):
                     each answers, all are in one swarm with a manager among them, each holds
                     the node and helper images with one id (missing ones are loaded from
                     this machine: docker save | docker load), and containers on each reach
                     the others over an overlay network; prints the round trips between them

exit: 0 all good (warnings allowed), 2 something must be fixed`;

export const doctorCommand: Command = defineCommand({
  name: 'doctor',
  usage: USAGE,
  options: {
    redis: { type: 'string', default: '7.0' },
    json: { type: 'boolean', default: false },
    image: { type: 'string' },
    'server-binary': { type: 'string' },
    engines: { type: 'string' },
  },
  async run({ values }) {
    if (values.engines !== undefined) {
      const { doctorEngines } = await import('./doctorEngines.js');
      return doctorEngines({ ...values, engines: values.engines });
    }
    const checks = await runDoctor(flavorSpec(values.redis).flavor);
    if (
      values.image !== undefined &&
      !checks.some((c) => c.name === 'docker' && c.status !== 'ok')
    ) {
      checks.push(
        ...(await imageDoctor(await connectDocker(), values.image, values['server-binary'])),
      );
    }
    const failed = checks.some((c) => c.status === 'fail');
    if (values.json) {
      console.log(JSON.stringify({ ok: !failed, checks }));
    } else {
      const width = Math.max(...checks.map((c) => c.name.length));
      for (const c of checks) {
        console.log(`${c.status.padEnd(4)}  ${c.name.padEnd(width)}  ${c.detail}`);
        if (c.fix && c.status !== 'ok') console.log(`${' '.repeat(width + 6)}fix: ${c.fix}`);
      }
      console.log(failed ? 'doctor: something must be fixed' : 'doctor: ready');
    }
    return failed ? EXIT_ERROR : 0;
  },
});
