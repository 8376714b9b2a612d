import type { Command } from '../command.js';

/** A subcommand as `redcheck --help` lists it; its code is loaded only when it runs. */
export interface CommandEntry {
  readonly name: string;
  /** One line for `redcheck --help`. */
  readonly summary: string;
  load(): Promise<Command>;
}

/**
 * Every subcommand, in the order `redcheck --help` lists them. Add new commands here. Each
 * command's module (and what it pulls in: dockerode, ioredis, zod, the checkers) is imported
 * only when that command runs, so `--help` and a small `check` start fast.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'run',
    summary: 'run a scenario against real Redis in Docker and report lost writes',
    load: async () => (await import('./run.js')).runCommand,
  },
  {
    name: 'check',
    summary: 'check history files (jsonl, Jepsen EDN, Porcupine logs) for linearizability',
    load: async () => (await import('./check.js')).checkCommand,
  },
  {
    name: 'report',
    summary: "write a run's HTML report again from its stored files",
    load: async () => (await import('./report.js')).reportCommand,
  },
  {
    name: 'compare',
    summary: 'compare runs side by side in one HTML page',
    load: async () => (await import('./compare.js')).compareCommand,
  },
  {
    name: 'export',
    summary: "write a run's history as Jepsen EDN (for Knossos, Elle) or jsonl",
    load: async () => (await import('./export.js')).exportCommand,
  },
  {
    name: 'suite',
    summary:
      'run a folder of claim scenarios; suite.html, junit.xml, summary.md (shards, merge, baseline)',
    load: async () => (await import('./suite.js')).suiteCommand,
  },
  {
    name: 'explore',
    summary: 'search scenarios with fast-check for one that breaks a property, and shrink it',
    load: async () => (await import('./explore.js')).exploreCommand,
  },
  {
    name: 'image',
    summary: 'build (or list) the Redis node images: redcheck image build --redis 7.0',
    load: async () => (await import('./image.js')).imageCommand,
  },
  {
    name: 'cleanup',
    summary: 'remove containers, networks and host addresses that killed runs left behind',
    load: async () => (await import('./cleanup.js')).cleanupCommand,
  },
  {
    name: 'doctor',
    summary: 'check Docker, images, privileges, iptables and tc, with the fix for each problem',
    load: async () => (await import('./doctor.js')).doctorCommand,
  },
];
