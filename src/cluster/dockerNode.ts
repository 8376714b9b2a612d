import type Docker from 'dockerode';
import { RedcheckError } from '../errors.js';
import { containerExec, shQuote } from './containerExec.js';
import type { FlavorSpec } from './flavor.js';
import { SENTINEL_PORT, REDIS_PORT, confPath, logPath, pidPath } from './redisConfig.js';
import type { ExecResult, Node, ProcessRole } from './types.js';

export type ProcessStatus = 'running' | 'stopped' | 'down';
export type ProcessSignal = 'KILL' | 'STOP' | 'CONT' | 'TERM';

/** How long `start` waits for a fresh process to answer PING (or LOADING). */
const START_TIMEOUT_S = 20;
/** `start`'s script exit codes: the launch failed; the process never answered. */
const LAUNCH_FAILED = 3;
const NO_ANSWER = 4;

/**
 * A node backed by a long-lived container. Redis processes are daemonized with a pid file;
 * `signal` and `status` act on the pid in that file (checked to still be a Redis process).
 */
export class DockerNode implements Node {
  constructor(
    private readonly docker: Docker,
    readonly name: string,
    readonly ip: string,
    readonly containerId: string,
    private readonly flavor: FlavorSpec,
  ) {}

  /** The Redis CLI binary of the node's flavour (`redis-cli`, `valkey-cli`). */
  get cliBinary(): string {
    return this.flavor.cliBinary;
  }

  exec(cmd: string[]): Promise<ExecResult> {
    return containerExec(this.docker, this.containerId, cmd);
  }

  /** Run `sh -c script` in the node. */
  sh(script: string): Promise<ExecResult> {
    return this.exec(['sh', '-c', script]);
  }

  portOf(role: ProcessRole): number {
    return role === 'redis' ? REDIS_PORT : SENTINEL_PORT;
  }

  /**
   * Run the Redis CLI inside the node against its own `role` process (over loopback, so
   * partitions never cut it off); gives up after `timeoutS` (a paused server never answers).
   */
  cli(role: ProcessRole, args: string[], timeoutS = 2): Promise<ExecResult> {
    return this.exec([
      'timeout',
      String(timeoutS),
      this.flavor.cliBinary,
      '-p',
      String(this.portOf(role)),
      ...args,
    ]);
  }

  /** The process's log file (empty when it never started). */
  async logs(role: ProcessRole): Promise<string> {
    return (await this.sh(`cat ${logPath(role)} 2>/dev/null || true`)).stdout;
  }

  /** Write a file inside the node (small text files such as configs). */
  async writeFile(path: string, content: string): Promise<void> {
    const b64 = Buffer.from(content, 'utf8').toString('base64');
    const r = await this.sh(`printf %s ${shQuote(b64)} | base64 -d > ${shQuote(path)}`);
    if (r.exitCode !== 0) {
      throw new RedcheckError(
        'E_NODE_EXEC',
        `[${this.name}] could not write ${path}: ${r.stderr.trim()}`,
        'check that the container is running (`docker ps`)',
      );
    }
  }

  private binary(role: ProcessRole): string {
    return role === 'redis' ? this.flavor.serverBinary : this.flavor.sentinelBinary;
  }

  /** Shell that prints `<pid> <state>` when the role's pid file names a live process of its binary. */
  private pidStateScript(role: ProcessRole): string {
    return (
      `p=$(cat ${pidPath(role)} 2>/dev/null); ` +
      `if [ -n "$p" ] && [ -r /proc/$p/stat ]; then ` +
      `case "$(cat /proc/$p/comm 2>/dev/null)" in ${this.binary(role).slice(0, 15)}) ` +
      `echo "$p $(cut -d' ' -f3 /proc/$p/stat)";; esac; fi`
    );
  }

  /** The pid in the role's pid file and its /proc state, when that pid is still the role's binary. */
  private async pidState(role: ProcessRole): Promise<{ pid: number; state: string } | undefined> {
    const out = (await this.sh(this.pidStateScript(role))).stdout.trim();
    const [pid, state] = out.split(' ');
    if (!pid || !state) return undefined;
    return { pid: Number(pid), state };
  }

  async status(role: ProcessRole): Promise<ProcessStatus> {
    const ps = await this.pidState(role);
    if (!ps || ps.state === 'Z' || ps.state === 'X') return 'down';
    if (ps.state === 'T' || ps.state === 't') return 'stopped';
    return 'running';
  }

  /**
   * Launch the role's process on its config unless it is up already (running or stopped), and
   * resolve once it answers PING (or LOADING); all in one `docker exec`. E_REDIS_START with the
   * launch's output or the log's tail when it does not come up.
   */
  async start(role: ProcessRole): Promise<void> {
    const binary = this.binary(role);
    const cli = `${this.flavor.cliBinary} -p ${this.portOf(role)}`;
    const script =
      `st() { ${this.pidStateScript(role)}; }; s=$(st); ` +
      `case "$s" in ''|*' Z'|*' X') ;; *) exit 0;; esac; ` +
      `out=$(${binary} ${confPath(role)} 2>&1); rc=$?; ` +
      `if [ $rc -ne 0 ]; then printf '%s' "$out"; echo "$rc" >&2; exit ${LAUNCH_FAILED}; fi; ` +
      `i=0; while [ $i -lt ${START_TIMEOUT_S * 20} ]; do ` +
      `r=$(timeout 1 ${cli} ping 2>&1); case "$r" in PONG*|LOADING*) exit 0;; esac; ` +
      `i=$((i+1)); sleep 0.05; done; exit ${NO_ANSWER}`;
    const r = await this.sh(script);
    if (r.exitCode === LAUNCH_FAILED) {
      throw new RedcheckError(
        'E_REDIS_START',
        `[${this.name}] ${binary} ${confPath(role)} exited with ${r.stderr.trim()}: ` +
          r.stdout.trim().slice(-800),
        'check the Redis configuration options (persistence, extra config lines)',
      );
    }
    if (r.exitCode !== 0) {
      const log = await this.logs(role);
      throw new RedcheckError(
        'E_REDIS_START',
        `[${this.name}] ${role} did not answer PING within ${START_TIMEOUT_S}s; log tail:\n` +
          log.split('\n').slice(-15).join('\n'),
        'check the Redis configuration options and the node log',
      );
    }
  }

  /**
   * Send `signal` to the `role` process; no-op when it is down. After KILL/TERM, resolves once
   * the process is gone (bounded: 10 s), so `status` then reports `down`.
   */
  async signal(role: ProcessRole, signal: ProcessSignal): Promise<void> {
    const ps = await this.pidState(role);
    if (!ps || ps.state === 'Z' || ps.state === 'X') return;
    const r = await this.exec(['kill', `-${signal}`, String(ps.pid)]);
    if (r.exitCode !== 0 && (await this.status(role)) !== 'down') {
      throw new RedcheckError(
        'E_NODE_SIGNAL',
        `[${this.name}] kill -${signal} ${ps.pid} (${role}) failed: ${r.stderr.trim()}`,
        'check that the container is running (`docker ps`)',
      );
    }
    if (signal !== 'KILL' && signal !== 'TERM') return;
    // A stopped process only acts on TERM once continued.
    if (signal === 'TERM' && ps.state.toUpperCase() === 'T') {
      await this.exec(['kill', '-CONT', String(ps.pid)]);
    }
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if ((await this.status(role)) === 'down') return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new RedcheckError(
      'E_NODE_SIGNAL',
      `[${this.name}] ${role} (pid ${ps.pid}) still alive 10000ms after SIG${signal}`,
      'inspect the node with `docker exec`',
    );
  }
}
