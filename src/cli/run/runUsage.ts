import { ENGINE_FLAGS_HELP } from './engineFlags.js';
import { SCENARIO_FLAGS } from '../../runner/scenario/scenarioFlags.js';
import { scenarioLimitsHelp } from '../../runner/scenario.js';
import { FAULT_KINDS, FAULT_OPTIONS } from '../../../nemesis/index.js';
import { WORKLOADS } from '../../../workloads/index.js';
import { SWEEP_FLAGS } from './parseRunSweep.js';

/** `redcheck run --help`. */
export const RUN_USAGE = `usage: redcheck run [options]

Start a Redis deployment in Docker, drive concurrent writes through a mode while a nemesis
injects faults, heal, read the final state from every node and report lost writes.
Writes store/<run>/ (scenario.json, history.jsonl.gz, results.json, nodes/); store/latest
points at it. Long runs: the history is written gzip-compressed as it goes, final reads are
paged, and the set workload is checked in memory flat in the run's length; the register and
append workloads are checked in memory (linearizability holds a key's ops, Elle a graph), up
to 4,000,000 history events, past which their verdict is unknown with the reason. Prune old
runs with \`redcheck cleanup --store <dir> --keep-last N\`.

A comma-separated list for ${SWEEP_FLAGS.map((f) => `--${f}`).join(', ')}
(--persistence none,rdb,aof-everysec,aof-always) makes a sweep: every combination runs in turn
with one seed (the same workload stream and fault schedule), each stored as one run, and one
comparison page store/compare-<first run>.html beside them. Exit: the worst of the runs.

options:
  --scenario <file.json>   load a scenario (flags given as well override its fields)
${SCENARIO_FLAGS.map((f) => `  --${`${f.flag} <${f.kind === 'boolean' ? '' : 'v'}>`.replace(' <>', '').padEnd(22)} ${f.help}`).join('\n')}
${FAULT_OPTIONS.map((o) => `  ${`--${o.flag} <v>`.padEnd(24)} ${o.kind}: ${o.help} (default ${o.default})`).join('\n')}
  --json                   print results.json on stdout instead of the summary
${ENGINE_FLAGS_HELP}

workloads:
${WORKLOADS.map((w) => `  ${w.name.padEnd(24)} ${w.help}`).join('\n')}

faults (--nemesis fault[:target]; a+b holds both at once, b nested inside a's period, as in
partition:primary-with-clients+kill:primary; a scenario file may spell out its schedule:
"schedule": [{"at": "5s", "fault": "partition", "duration": "10s"}, {"at": "8s", "fault": "kill"}],
where faults of different kinds may overlap):
${FAULT_KINDS.map((k) => {
  const targets = [...k.targets, ...(k.nodeName ? ['n1, n2, ...'] : [])];
  const t =
    targets.length === 0
      ? ''
      : `\n${' '.repeat(27)}targets: ${targets.join(', ')}${k.defaultTarget ? ` (default ${k.defaultTarget})` : ''}`;
  return `  ${k.name.padEnd(24)} ${k.help}${t}`;
}).join('\n')}

limits (above one is exit 2; no timer can pass 2^31 ms):
${scenarioLimitsHelp()}

exit: 0 valid, 1 invalid (e.g. lost acknowledged writes), 2 error, 3 unknown`;
