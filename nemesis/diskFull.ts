import { NODE_PATHS, inNode } from '../src/cluster/redisConfig.js';
import type { Node } from '../src/cluster/types.js';
import { RedcheckError } from '../src/errors.js';
import { checkEveryNode } from './eachNode.js';
import { ONE_NODE_FAULT, type FaultKind } from './faultKind.js';
import type { ActiveFault, Nemesis, NemesisContext, StopOutcome } from './nemesis.js';
import { nodeNamed, resolveNodeTarget } from './nodeTarget.js';

/** The data directory as the node's helper (where `Node.exec` runs) reaches it. */
const DATA_DIR = inNode(NODE_PATHS.dataDir);
/** The filler files, in the data directory itself (`.1` by fallocate, `.2` the rest by dd). */
const FILLER = `${DATA_DIR}/redcheck-disk-full`;
/** The key the probe writes, outside every workload's keys; deleted once writes are taken again. */
export const PROBE_KEY = 'redcheck:disk-full:probe';
/** The probe's value: larger than the slack of any partly written page of the AOF file. */
const PROBE_BYTES = 16384;
/** Free space below which the data directory counts as full. */
const FULL_SLACK_BYTES = 64 * 1024;
/** How long the start probes for Redis's refusal, and the stop for writes taken again. */
const REFUSAL_TIMEOUT_MS = 5000;
const RECOVERY_TIMEOUT_MS = 15000;
const PROBE_INTERVAL_MS = 200;

const SIZE = /^([1-9]\d*)([kmg])$/;
const SIZE_MIN = 16 * 2 ** 20;
const SIZE_MAX = 4 * 2 ** 30;

/** Bytes of a tmpfs size such as `256m`, or NaN when it is not one. */
export function sizeBytes(size: string): number {
  const m = SIZE.exec(size);
  if (!m) return NaN;
  return Number(m[1]) * 2 ** { k: 10, m: 20, g: 30 }[m[2] as 'k' | 'm' | 'g'];
}

/** The `disk-full-size` option: a tmpfs size from 16m to 4g. */
export function parseDiskFullSize(value: unknown): string {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  const bytes = sizeBytes(text);
  if (!(bytes >= SIZE_MIN && bytes <= SIZE_MAX)) {
    throw new Error(
      `expected a size from 16m to 4g with k, m or g (such as 256m), got ${JSON.stringify(value)}`,
    );
  }
  return text;
}

/** The data directory's file system, from `stat -f`. */
export interface DataDirSpace {
  readonly fsType: string;
  readonly sizeBytes: number;
  readonly availableBytes: number;
}

/** Parse `stat -f -c '%T %b %a %S'` (type, blocks, available blocks, block size). */
export function parseSpace(stdout: string): DataDirSpace | undefined {
  const m = /^(\S+) (\d+) (\d+) (\d+)\s*$/.exec(stdout.trim());
  if (!m) return undefined;
  const block = Number(m[4]);
  return {
    fsType: m[1] ?? '',
    sizeBytes: Number(m[2]) * block,
    availableBytes: Number(m[3]) * block,
  };
}

async function space(node: Node): Promise<DataDirSpace> {
  const r = await node.exec(['stat', '-f', '-c', '%T %b %a %S', DATA_DIR]);
  const s = r.exitCode === 0 ? parseSpace(r.stdout) : undefined;
  if (s === undefined) {
    throw new Error(`[${node.name}] cannot read the space of ${NODE_PATHS.dataDir}: ${r.stderr}`);
  }
  return s;
}

/** What one probe saw: the node's role, the reply to the probe write (primaries), INFO fields. */
export interface Probe {
  readonly role: string;
  readonly reply?: string;
  readonly persistence: Readonly<Record<string, string>>;
}

const INFO_FIELDS = [
  'aof_enabled',
  'aof_last_write_status',
  'rdb_last_bgsave_status',
  'aof_delayed_fsync',
] as const;

function probeScript(write: boolean): string {
  const cli = 'cli=$(command -v redis-cli || command -v valkey-cli) || exit 4';
  return [
    cli,
    `role=$(timeout 2 "$cli" info replication | tr -d '\\r' | sed -n 's/^role://p')`,
    'echo "role $role"',
    ...(write
      ? [
          `if [ "$role" = master ]; then r=$(head -c ${PROBE_BYTES} /dev/zero | tr '\\0' x | ` +
            `timeout 2 "$cli" -x set ${PROBE_KEY} 2>&1 | head -n 1 | tr -d '\\r'); echo "reply $r"; fi`,
        ]
      : []),
    `timeout 2 "$cli" info persistence | tr -d '\\r' | grep -E '^(${INFO_FIELDS.join('|')}):'`,
  ].join('\n');
}

/** Parse the output of the probe script. */
export function parseProbe(stdout: string): Probe {
  let role = '';
  let reply: string | undefined;
  const persistence: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    if (line.startsWith('role ')) role = line.slice(5).trim();
    else if (line.startsWith('reply ')) reply = line.slice(6).trim();
    else {
      const at = line.indexOf(':');
      if (at > 0) persistence[line.slice(0, at)] = line.slice(at + 1).trim();
    }
  }
  return { role, ...(reply === undefined ? {} : { reply }), persistence };
}

async function probe(node: Node, write: boolean): Promise<Probe> {
  const r = await node.exec(['sh', '-c', probeScript(write)]);
  return parseProbe(r.stdout);
}

/**
 * The refusal a probe saw: on a primary the error reply to the probe write (the write that
 * first hits the full disk is still acknowledged: Redis keeps it and retries); on a replica a
 * persistence status that is `err`.
 */
export function refusalOf(p: Probe): string | undefined {
  if (p.reply !== undefined) return p.reply === 'OK' ? undefined : p.reply;
  const failed = INFO_FIELDS.filter((k) => p.persistence[k] === 'err');
  return failed.length === 0 ? undefined : failed.map((k) => `${k}:err`).join(' ');
}

/** Whether the node takes writes again: no failed status, and a primary answered OK. */
export function recovered(p: Probe): boolean {
  const statusOk = INFO_FIELDS.every((k) => p.persistence[k] !== 'err');
  return statusOk && (p.role !== 'master' || p.reply === 'OK');
}

async function poll(
  node: Node,
  timeoutMs: number,
  done: (p: Probe) => boolean,
): Promise<{ last: Probe; ms: number; seen: boolean }> {
  const t0 = Date.now();
  for (;;) {
    const last = await probe(node, true);
    if (done(last)) return { last, ms: Date.now() - t0, seen: true };
    if (Date.now() - t0 >= timeoutMs) return { last, ms: Date.now() - t0, seen: false };
    await new Promise((r) => setTimeout(r, PROBE_INTERVAL_MS));
  }
}

const fillScript = (): string =>
  [
    `a=$(( $(stat -f -c '%a*%S' ${DATA_DIR}) ))`,
    `[ "$a" -gt 0 ] && fallocate -l "$a" ${FILLER}.1`,
    // fallocate leaves what the kernel reserves or what Redis freed meanwhile: dd takes the rest.
    `dd if=/dev/zero of=${FILLER}.2 bs=4k 2>/dev/null`,
    'true',
  ].join('\n');

const removeFiller = (node: Node): Promise<unknown> =>
  node.exec(['sh', '-c', `rm -f ${FILLER}.1 ${FILLER}.2`]);

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/** The node's data directory must be a tmpfs: filling the container's own disk fills the host's. */
async function checkDataDir(node: Node): Promise<void> {
  const s = await space(node);
  if (s.fsType !== 'tmpfs') {
    throw new RedcheckError(
      'E_BAD_DEPLOYMENT',
      `[${node.name}] ${NODE_PATHS.dataDir} is on ${s.fsType}, not a size-limited tmpfs: disk-full would fill the host's disk`,
      'start the deployment with dataDirSize (redcheck run does so when --nemesis has disk-full)',
    );
  }
}

/**
 * Disk full on one node: its data directory (a size-limited tmpfs) is filled with a filler
 * file while writes flow, and Redis's answer is probed: a write on a primary and INFO
 * persistence, until Redis refuses or 5 s pass. `stop` removes the filler and waits until the
 * node takes writes again (Redis retries a failed AOF write every second, a failed BGSAVE
 * after 5 s).
 */
export function diskFullNemesis(): Nemesis {
  return {
    kind: 'disk-full',

    setup: checkEveryNode(checkDataDir),

    async start(target, rng, ctx): Promise<ActiveFault> {
      const node = await resolveNodeTarget(target, ctx.deployment, rng);
      await checkDataDir(node);
      await node.exec(['sh', '-c', fillScript()]);
      const startedAt = ctx.now();
      const after = await space(node);
      const full = after.availableBytes < FULL_SLACK_BYTES;
      const { last, ms, seen } = await poll(node, REFUSAL_TIMEOUT_MS, (p) => !!refusalOf(p));
      const answer = refusalOf(last) ?? null;
      const description =
        `${node.name} disk full (${mib(after.availableBytes)} of ${mib(after.sizeBytes)} free); ` +
        (answer === null
          ? `Redis kept taking writes for ${ms} ms`
          : `Redis answered ${JSON.stringify(answer)} after ${ms} ms`);
      ctx.log(`[nemesis] ${description}`);
      return {
        kind: 'disk-full',
        target,
        startedAt,
        nodes: [node.name],
        value: {
          node: node.name,
          sizeBytes: after.sizeBytes,
          availableBytes: after.availableBytes,
          role: last.role,
          refused: seen,
          answer,
          refusedAfterMs: seen ? ms : null,
          persistence: last.persistence,
        },
        description,
        verified: full,
        ...(full
          ? {}
          : { problem: `${node.name}: ${mib(after.availableBytes)} still free after the fill` }),
      };
    },

    async stop(fault, ctx): Promise<StopOutcome> {
      const node = nodeNamed(ctx.deployment, fault.nodes[0] ?? '');
      await removeFiller(node);
      const endedAt = ctx.now();
      const freed = await space(node);
      const { last, ms, seen } = await poll(node, RECOVERY_TIMEOUT_MS, recovered);
      if (seen && last.role === 'master') {
        await node.exec([
          'sh',
          '-c',
          `cli=$(command -v redis-cli || command -v valkey-cli) && timeout 2 "$cli" del ${PROBE_KEY}`,
        ]);
      }
      const problems = [
        ...(freed.availableBytes < FULL_SLACK_BYTES ? [`${node.name}: disk still full`] : []),
        ...(seen
          ? []
          : [
              `${node.name}: writes still refused ${ms} ms after the disk was freed: ${refusalOf(last) ?? last.reply ?? 'no reply'}`,
            ]),
      ];
      ctx.log(`[nemesis] ${node.name} disk freed; writes taken again after ${ms} ms`);
      return {
        endedAt,
        value: {
          node: node.name,
          availableBytes: freed.availableBytes,
          writable: seen,
          writableAfterMs: seen ? ms : null,
          persistence: last.persistence,
        },
        verified: problems.length === 0,
        ...(problems.length === 0 ? {} : { problem: problems.join('; ') }),
      };
    },

    async healAll(ctx: NemesisContext) {
      await Promise.all(
        ctx.deployment.nodes.map((n) =>
          removeFiller(n).catch((e: unknown) =>
            ctx.log(`[nemesis] warning: removing ${n.name}'s disk filler failed: ${String(e)}`),
          ),
        ),
      );
    },

    async teardown() {},
  };
}

/** Disk full: the node's data directory is filled up, and freed at the stop. */
export const diskFullFault: FaultKind = {
  ...ONE_NODE_FAULT,
  name: 'disk-full',
  help:
    "fill a node's data directory (a tmpfs of --disk-full-size) so Redis cannot write its " +
    'AOF or RDB; record what Redis answers; free it at the stop',
  ops: { start: 'disk-full', stop: 'disk-freed' },
  options: [
    {
      flag: 'disk-full-size',
      help: "size of each node's tmpfs data directory when the run has disk-full (16m to 4g)",
      default: '256m',
      parse: parseDiskFullSize,
    },
  ],
  deploymentNeeds: (options) => ({
    dataDirSize: parseDiskFullSize(options.diskFullSize ?? '256m'),
  }),
  create: diskFullNemesis,
};
