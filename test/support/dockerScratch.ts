import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { dockerOrSkip } from './dockerAvailable.js';

/** What `useDockerScratch` hands a suite once its `before` ran. */
export interface DockerScratch {
  /** The engine (see `dockerOrSkip`). */
  docker: Docker;
  /** A fresh temporary folder (a run store, a suite's output), removed after the suite. */
  dir: string;
}

/**
 * For `@docker` suites that write runs: registers a `before` that connects to the engine (the
 * suite is skipped locally without one, fails under CI) and makes a scratch folder named
 * `<prefix>XXXXXX`, and an `after` that removes the folder. Read the fields inside tests.
 */
export function useDockerScratch(prefix: string): DockerScratch {
  const scratch = { dir: '' } as DockerScratch;
  before(async function () {
    scratch.docker = await dockerOrSkip(this);
    scratch.dir = mkdtempSync(join(tmpdir(), prefix));
  });
  after(() => {
    if (scratch.dir) rmSync(scratch.dir, { recursive: true, force: true });
  });
  return scratch;
}
