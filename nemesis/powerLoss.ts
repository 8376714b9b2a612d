import { FSYNC_RECORD_DIR, INIT_RUN_DIR, NODE_TOOLS } from '../src/cluster/nodeTools.js';
import { NODE_PATHS, NODE_ROOT, inNode, pidPath } from '../src/cluster/redisConfig.js';
import type { Node } from '../src/cluster/types.js';
import { durationMs } from '../src/common/durationMs.js';
import { RedcheckError } from '../src/errors.js';
import { checkEveryNode } from './eachNode.js';
import { NODE_TARGET_WORDS, ONE_NODE_FAULT, type FaultKind } from './faultKind.js';
import type { ActiveFault, Nemesis, NemesisContext, StopOutcome } from './nemesis.js';
import { resolveNodeTarget } from './nodeTarget.js';
import { bringBackRedis, healRedis } from './processHeal.js';

/** One data file as a power loss left it: its size before, what fsync had made durable. */
export interface CutFile {
  readonly file: string;
  readonly size: number;
  /** The size at the last successful fsync, or null when the file was never fsynced. */
  readonly synced: number | null;
  readonly dropped: number;
}

/** What a power loss did to one node. */
export interface NodeCut {
  readonly node: string;
  /** redis-server and its children (a BGSAVE or rewrite child) were gone before the cut. */
  readonly killed: boolean;
  readonly files: readonly CutFile[];
  readonly dropped: number;
  /** Set when the cut could not be made (`redcheck-power-cut` failed). */
  readonly problem?: string;
  /** Wall-clock nanoseconds just after the SIGKILL, read inside the node. */
  readonly killedAtWallNs?: bigint;
}

/**
 * The script run in the node's helper (which shares the node's PID namespace and sees its
 * files under /proc/1/root): SIGKILL redis-server and its children at once, wait until they
 * are gone (a child still writing would undo the cut), then cut every data file back to its
 * last fsynced size. The sentinel's directory is not the server's data and is left.
 */
function cutScript(): string {
  const pid = inNode(pidPath('redis'));
  const data = inNode(NODE_PATHS.dataDir);
  const sentinel = NODE_PATHS.sentinelDir.slice(NODE_PATHS.dataDir.length + 1);
  return [
    `p=$(cat ${pid} 2>/dev/null)`,
    // The init made redis-server a process-group leader: one kill (procps: dash's has no `--`) takes it and its children.
    'if [ -n "$p" ] && [ -d /proc/$p ]; then /bin/kill -KILL -- -$p 2>/dev/null || /bin/kill -KILL $p; fi',
    'echo "t $(date +%s%N)"',
    'alive() { for q in $p $(pgrep -g "$p" 2>/dev/null); do s=$(cut -d" " -f3 /proc/$q/stat 2>/dev/null) || continue; [ "$s" = Z ] || return 0; done; return 1; }',
    'i=0; while [ -n "$p" ] && alive && [ $i -lt 250 ]; do sleep 0.02; i=$((i+1)); done',
    'if [ -n "$p" ] && alive; then echo "killed no"; exit 3; fi',
    'echo "killed yes"',
    `dirs="${data} $(find ${data} -mindepth 1 -maxdepth 1 -type d ! -name ${sentinel} | tr "\\n" " ")"`,
    `REDCHECK_FSYNC_DIR=${inNode(FSYNC_RECORD_DIR)} exec ${NODE_TOOLS.powerCut} $dirs`,
  ].join('\n');
}

/** One node's cut from the output of the script `cutScript` gives (see there). */
export function parseCut(node: string, exitCode: number, stdout: string, stderr: string): NodeCut {
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  const wallText = /^t (\d+)$/.exec(lines[0] ?? '')?.[1];
  const killed = lines[1] === 'killed yes';
  const files: CutFile[] = [];
  for (const line of lines.slice(2)) {
    try {
      const f = JSON.parse(line) as CutFile;
      // The cutter ran in the helper: name the file as the node sees it.
      files.push({
        ...f,
        file: f.file.startsWith(NODE_ROOT) ? f.file.slice(NODE_ROOT.length) : f.file,
      });
    } catch {
      // a line that is not a file record: kept in the problem below when the exit says so
    }
  }
  files.sort((a, b) => a.file.localeCompare(b.file));
  const dropped = files.reduce((s, f) => s + f.dropped, 0);
  const problem =
    exitCode === 0
      ? undefined
      : !killed
        ? 'redis-server still present after SIGKILL'
        : `redcheck-power-cut exited with ${exitCode}: ${stderr.trim().slice(-300)}`;
  return {
    node,
    killed,
    files,
    dropped,
    ...(problem === undefined ? {} : { problem }),
    ...(wallText === undefined ? {} : { killedAtWallNs: BigInt(wallText) }),
  };
}

function bytes(n: number): string {
  return `${n.toLocaleString('en-US')} byte${n === 1 ? '' : 's'}`;
}

/** `n1 power lost: 1,234 bytes dropped from ...`, or that nothing was dropped, or the problem. */
export function describeCut(c: NodeCut): string {
  if (c.problem !== undefined) return `${c.node}: ${c.problem}`;
  const cut = c.files.filter((f) => f.dropped > 0);
  if (cut.length === 0) {
    return `${c.node} power lost: nothing dropped (${c.files.length} files, all fsynced)`;
  }
  return (
    `${c.node} power lost: ${bytes(c.dropped)} dropped from ` +
    cut.map((f) => `${f.file.slice(f.file.lastIndexOf('/') + 1)} (${bytes(f.dropped)})`).join(', ')
  );
}

async function nodesOf(
  target: string | undefined,
  ctx: NemesisContext,
  rng: Parameters<Nemesis['start']>[1],
): Promise<readonly Node[]> {
  if (target === 'all') return ctx.deployment.nodes;
  return [await resolveNodeTarget(target, ctx.deployment, rng)];
}

/**
 * The helper must reach the cutter, and the node's redis-server must have the fsync tracker
 * loaded: the init preloads it into a glibc server only (a static or musl build cannot take
 * it), and says why not in its `tracker` file.
 */
async function checkTools(node: Node): Promise<void> {
  const r = await node.exec([
    'sh',
    '-c',
    `test -x ${NODE_TOOLS.powerCut} || exit 4; ` +
      `p=$(cat ${inNode(pidPath('redis'))} 2>/dev/null); ` +
      `[ -z "$p" ] || grep -q fsync-tracker /proc/$p/maps || ` +
      `{ cat ${inNode(`${INIT_RUN_DIR}/tracker`)} 2>/dev/null; exit 5; }`,
  ]);
  if (r.exitCode === 4) {
    throw new RedcheckError(
      'E_NODE_TOOLS',
      `[${node.name}] the helper cannot run ${NODE_TOOLS.powerCut}`,
      'run `redcheck doctor`: the node tools are compiled on this host and bind-mounted',
    );
  }
  if (r.exitCode === 5) {
    const why = r.stdout.trim().replace(/^no: /, '') || 'the tracker is not loaded';
    throw new RedcheckError(
      'E_POWER_LOSS_UNSUPPORTED',
      `[${node.name}] power loss needs the fsync tracker preloaded into the server, and it is not: ${why}`,
      'power loss needs a server dynamically linked against glibc (e.g. a Debian-based image); ' +
        'use the other faults with this image, or run power loss against one such image',
    );
  }
}

/**
 * Power loss of one node or of all at once: SIGKILL redis-server, then drop whatever the
 * kernel had not been asked to make durable (every data file cut back to its last fsynced
 * size, as the image's fsync tracker recorded it). `stop` starts the server again on what is
 * left, no sooner than `restartDelay` after the loss.
 */
export function powerLossNemesis(): Nemesis {
  return {
    kind: 'power-loss',

    setup: checkEveryNode(checkTools),

    async start(target, rng, ctx): Promise<ActiveFault> {
      const nodes = await nodesOf(target, ctx, rng);
      const before = ctx.now();
      const cuts = await Promise.all(
        nodes.map(async (n) => {
          const r = await n.exec(['sh', '-c', cutScript()]);
          return parseCut(n.name, r.exitCode, r.stdout, r.stderr);
        }),
      );
      const after = ctx.now();
      // Node and host share one wall clock: the kill's time on the history's clock (read just
      // after it, so every write lost to it was acknowledged before), so a loss window is
      // measured from the crash, not from when `docker exec` returned.
      // Date.now(), not performance.timeOrigin + now(): the latter drifts from the wall clock.
      const wallNow = BigInt(Date.now()) * 1_000_000n;
      const killedAt = Object.fromEntries(
        cuts.map((c) => [
          c.node,
          c.killedAtWallNs === undefined
            ? before
            : Math.min(after, Math.max(before, after - Number(wallNow - c.killedAtWallNs))),
        ]),
      );
      const startedAt = Math.min(...Object.values(killedAt));
      const problems = cuts.flatMap((c) => (c.problem === undefined ? [] : [c.problem]));
      for (const c of cuts) ctx.log(`[nemesis] ${describeCut(c)}`);
      return {
        kind: 'power-loss',
        target,
        startedAt,
        nodes: nodes.map((n) => n.name),
        value: {
          nodes: nodes.map((n) => n.name),
          dropped: Object.fromEntries(cuts.map((c) => [c.node, c.dropped])),
          files: Object.fromEntries(cuts.map((c) => [c.node, c.files])),
          // When each node's redis-server was SIGKILLed (history clock, ns); `at` is the first.
          killedAt,
          // How long killing and cutting took, from the nemesis's side (ms).
          cutMs: Math.round((after - before) / 1e6),
          nothingDropped: cuts.every((c) => c.dropped === 0),
        },
        description: cuts.map(describeCut).join('; '),
        verified: problems.length === 0,
        ...(problems.length === 0 ? {} : { problem: problems.join('; ') }),
      };
    },

    async stop(fault, ctx): Promise<StopOutcome> {
      const delayMs = Number(ctx.options.restartDelay ?? 0);
      const waitMs = fault.startedAt / 1e6 + delayMs - ctx.now() / 1e6;
      if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
      return bringBackRedis(ctx, fault.nodes, 'start', { nodes: fault.nodes });
    },

    healAll: healRedis('start'),

    async teardown() {},
  };
}

/** Power loss: SIGKILL, then every data file cut back to what fsync made durable. */
export const powerLossFault: FaultKind = {
  ...ONE_NODE_FAULT,
  name: 'power-loss',
  help:
    "lose a node's power (or every node's: all): SIGKILL redis-server, cut each data file " +
    'back to its last fsynced size, restart it at the stop',
  targets: [...NODE_TARGET_WORDS, 'all'],
  ops: { start: 'power-loss', stop: 'power-on' },
  options: [
    {
      flag: 'restart-delay',
      help: 'the least time a node stays down; it restarts at the stop or after this, whichever is later',
      default: 0,
      parse(value) {
        if (typeof value !== 'number' && typeof value !== 'string') {
          throw new Error('expected a duration such as 0s, 500ms or 5s');
        }
        return durationMs('restart-delay', value, 0);
      },
      // Milliseconds: a bare number on the command line would read as seconds.
      show: (ms) => `${ms}ms`,
    },
  ],
  create: powerLossNemesis,
};
