import { EXIT_ERROR } from '../../errors.js';
import { connectDocker, flavorSpec } from '../../cluster/index.js';
import { HELPER_IMAGE } from '../../cluster/nodeContainers.js';
import { engineDoctor } from '../../cluster/swarm/engineDoctor.js';
import { parseEngines } from '../../cluster/swarm/engines.js';

/**
 * `doctor --engines <list>`: each engine answers, all are in one swarm, each holds the node
 * image and the helper image with one id (loaded from this machine's engine, or the first
 * engine holding it, when missing), and the overlay carries PINGs between each pair, with
 * the round trips. Exit 2 when something must be fixed, each failure naming its engine.
 */
export async function doctorEngines(o: {
  engines: string;
  redis: string;
  image?: string;
  json: boolean;
}): Promise<number> {
  const refs = parseEngines(o.engines);
  const node = o.image ?? flavorSpec(o.redis).image;
  const images = [...new Set([node, HELPER_IMAGE])];
  const source = await connectDocker().catch(() => undefined);
  const report = await engineDoctor(refs, {
    images,
    probeImage: HELPER_IMAGE,
    source,
    log: o.json ? undefined : (l) => console.log(l),
  });
  const failed = report.checks.some((c) => c.status === 'fail');
  if (o.json) {
    console.log(JSON.stringify({ ok: !failed, ...report }));
  } else {
    const width = Math.max(...report.checks.map((c) => c.name.length));
    for (const c of report.checks) {
      console.log(`${c.status.padEnd(4)}  ${c.name.padEnd(width)}  ${c.detail}`);
      if (c.fix && c.status !== 'ok') console.log(`${' '.repeat(width + 6)}fix: ${c.fix}`);
    }
    console.log(failed ? 'doctor: something must be fixed' : 'doctor: the engines are ready');
  }
  return failed ? EXIT_ERROR : 0;
}
