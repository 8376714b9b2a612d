import type Docker from 'dockerode';
import { RedcheckError } from '../errors.js';
import { containerExec, demuxLogFrames, shQuote } from './containerExec.js';
import { INIT_RUN_DIR, INIT_SIGNALS } from './nodeTools.js';
import { SENTINEL_PORT, REDIS_PORT, inNode } from './redisConfig.js';
import type { ExecResult, Node, ProcessRole } from './types.js';
import type { Credentials } from '../client/credentials.js';
import type { HostEndpoint } from './hostRedis.js';
import { redactSecrets } from './redisConfAuth.js';

export type ProcessStatus = 'running' | 'stopped' | 'down';
export type ProcessSignal = 'KILL' | 'STOP' | 'CONT' | 'TERM';

/** How long `start` waits for a fresh process to answer PING (or LOADING). */
const START_TIMEOUT_S = 20;
/** `start`'s script exit codes: the launch failed; the process never answered. */
const LAUNCH_FAILED = 3;
const NO_ANSWER = 4;

/** The CLI the helper carries; it speaks to any Redis or Valkey server. */
export const HELPER_CLI = 'redis-cli';

/** Where the helper image keeps its own redis-cli (the wrapper goes before it on PATH). */
const HELPER_CLI_PATH = '/usr/bin/redis-cli';

/**
 * The script that writes the helper's `redis-cli` wrapper for a password-protected data
 * server: every redis-cli a fault, a health check or a question runs in the helper then
 * authenticates to the data server, as `auth.user` when given, with the password from the
 * exec's REDISCLI_AUTH; a call to the sentinel (`-p 26379`, which takes no password) goes
 * without. The wrapper holds no password.
 */
export function cliAuthWrapper(auth: Credentials): string {
  const user = auth.user === undefined ? '' : ` --user ${shQuote(auth.user)}`;
  const wrapper = [
    '#!/bin/sh',
    '# written by redcheck: the data server takes a password, the sentinel none',
    `case " $* " in *" -p ${SENTINEL_PORT} "*) unset REDISCLI_AUTH; exec ${HELPER_CLI_PATH} "$@";; esac`,
    `exec ${HELPER_CLI_PATH}${user} "$@"`,
  ].join('\n');
  const to = `/usr/local/bin/${HELPER_CLI}`;
  return `printf '%s\\n' ${shQuote(wrapper)} > ${to} && chmod 755 ${to}`;
}

/** The init's state file of `role`, as the helper sees it. */
function runFile(role: ProcessRole, suffix: 'pid' | 'exit'): string {
  return inNode(`${INIT_RUN_DIR}/${role}.${suffix}`);
}

/**
 * A node: a long-lived container whose PID 1 is redcheck's init (it starts the servers and
 * holds the namespaces), and a helper container in the node's network and PID namespaces that
 * holds the tools (sh, iptables, tc, procps, redis-cli). Everything that needs a command runs
 * in the helper (`exec`); the node's files are reached there under `/proc/1/root`; the
 * servers' logs are the node container's own output. The node image needs only the server.
 */
export class DockerNode implements Node {
  private helperId: string | undefined;
  private helperReady: Promise<string>;
  private resolveHelper: (id: string) => void = () => undefined;
  private rejectHelper: (e: unknown) => void = () => undefined;

  constructor(
    /** The engine the node runs on. */
    readonly docker: Docker,
    readonly name: string,
    readonly ip: string,
    readonly containerId: string,
    /** The data server's credentials (`--redis-conf` with a password), else undefined. */
    readonly auth?: Credentials,
    /** Every password of the node's config, kept out of its output (`configSecrets`). */
    private readonly secrets: readonly string[] = [],
  ) {
    this.helperReady = new Promise<string>((resolve, reject) => {
      this.resolveHelper = resolve;
      this.rejectHelper = reject;
    });
    this.helperReady.catch(() => undefined);
  }

  /** Called by the deployment once the node's helper runs (or could not be made). */
  helperStarted(id: string | Error): void {
    if (typeof id === 'string') {
      this.helperId = id;
      this.resolveHelper(id);
    } else this.rejectHelper(id);
  }

  /** The helper's container id, once it runs. */
  get helper(): Promise<string> {
    return this.helperId === undefined ? this.helperReady : Promise.resolve(this.helperId);
  }

  /** The Redis CLI used against the node (the helper's). */
  get cliBinary(): string {
    return HELPER_CLI;
  }

  /**
   * Run `cmd` in the node's helper (its network and PID namespaces; the node's files under
   * /proc/1/root). With a password-protected data server, the exec's environment carries it
   * as REDISCLI_AUTH (never on a command line), which the helper's redis-cli wrapper uses for
   * the data server (`cliAuthWrapper`).
   */
  async exec(cmd: string[]): Promise<ExecResult> {
    const env = this.auth === undefined ? [] : [`REDISCLI_AUTH=${this.auth.password}`];
    return containerExec(this.docker, await this.helper, cmd, env);
  }

  /** Run `sh -c script` in the node's helper. */
  sh(script: string): Promise<ExecResult> {
    return this.exec(['sh', '-c', script]);
  }

  portOf(role: ProcessRole): number {
    return role === 'redis' ? REDIS_PORT : SENTINEL_PORT;
  }

  /** The `role` process as the host reaches it, with the data server's credentials. */
  endpoint(role: ProcessRole): HostEndpoint {
    return role === 'redis' && this.auth !== undefined
      ? { host: this.ip, port: REDIS_PORT, auth: this.auth }
      : { host: this.ip, port: this.portOf(role) };
  }

  /**
   * Run the Redis CLI against the node's own `role` process over loopback (from the helper,
   * in the node's network namespace, so partitions never cut it off); gives up after
   * `timeoutS` (a paused server never answers).
   */
  cli(role: ProcessRole, args: string[], timeoutS = 2): Promise<ExecResult> {
    return this.exec([
      'timeout',
      String(timeoutS),
      HELPER_CLI,
      '-p',
      String(this.portOf(role)),
      ...args,
    ]);
  }

  /**
   * The node container's whole output: the servers log to stdout, the init to stderr. The
   * config's passwords are redacted (a server that refuses its config echoes the line).
   */
  async output(): Promise<string> {
    const raw: unknown = await this.docker
      .getContainer(this.containerId)
      .logs({ stdout: true, stderr: true, follow: false })
      .catch(() => Buffer.alloc(0));
    return redactSecrets(
      demuxLogFrames(Buffer.isBuffer(raw) ? raw : Buffer.alloc(0)),
      this.secrets,
    );
  }

  /**
   * The process's log lines, from the node's output: a sentinel's lines carry the role mark
   * `X` (`<pid>:X <time> ...`); everything else is the data server's (and the init's).
   */
  async logs(role: ProcessRole): Promise<string> {
    const lines = (await this.output()).split('\n');
    const sentinel = (l: string) => /^\d+:X /.test(l);
    return lines.filter((l) => (role === 'sentinel') === sentinel(l)).join('\n');
  }

  /** Write a file inside the node (small text files such as configs), through the helper. */
  async writeFile(path: string, content: string): Promise<void> {
    const b64 = Buffer.from(content, 'utf8').toString('base64');
    const r = await this.sh(`printf %s ${shQuote(b64)} | base64 -d > ${shQuote(inNode(path))}`);
    if (r.exitCode !== 0) {
      throw new RedcheckError(
        'E_NODE_EXEC',
        `[${this.name}] could not write ${path}: ${r.stderr.trim()}`,
        'check that the container is running (`docker ps`)',
      );
    }
  }

  /** Shell that prints `<pid> <state>` while the init's pid file of `role` names a live process. */
  private pidStateScript(role: ProcessRole): string {
    return (
      `p=$(cat ${runFile(role, 'pid')} 2>/dev/null); ` +
      `if [ -n "$p" ] && [ -r /proc/$p/stat ]; then echo "$p $(cut -d' ' -f3 /proc/$p/stat)"; fi`
    );
  }

  /** The pid of `role` and its /proc state, while it lives. */
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
   * Ask the init to start the role's process unless it is up already (running or stopped),
   * and resolve once it answers PING (or LOADING); all in one exec in the helper.
   * E_REDIS_START with the node's output when it ends or does not answer.
   */
  async start(role: ProcessRole): Promise<void> {
    const signal = role === 'redis' ? INIT_SIGNALS.startRedis : INIT_SIGNALS.startSentinel;
    const cli = `${HELPER_CLI} -p ${this.portOf(role)}`;
    const exit = runFile(role, 'exit');
    const script =
      `st() { ${this.pidStateScript(role)}; }; s=$(st); ` +
      `case "$s" in ''|*' Z'|*' X') ;; *) exit 0;; esac; ` +
      `rm -f ${exit}; kill -${signal} 1 || exit ${LAUNCH_FAILED}; ` +
      `i=0; while [ $i -lt ${START_TIMEOUT_S * 20} ]; do ` +
      `r=$(timeout 1 ${cli} ping 2>&1); case "$r" in PONG*|LOADING*) exit 0;; esac; ` +
      `if [ -f ${exit} ]; then cat ${exit}; exit ${LAUNCH_FAILED}; fi; ` +
      `i=$((i+1)); sleep 0.05; done; exit ${NO_ANSWER}`;
    const r = await this.sh(script);
    if (r.exitCode === 0) return;
    const tail = (await this.logs(role)).trim().split('\n').slice(-15).join('\n');
    throw new RedcheckError(
      'E_REDIS_START',
      r.exitCode === LAUNCH_FAILED
        ? `[${this.name}] ${role} ended at start (${r.stdout.trim() || r.stderr.trim()}); its output:\n${tail}`
        : `[${this.name}] ${role} did not answer PING within ${START_TIMEOUT_S}s; its output:\n${tail}`,
      'check the Redis configuration options and the node log',
    );
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
