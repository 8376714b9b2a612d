import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before } from 'mocha';
import {
  startDeployment,
  type Deployment,
  type DeploymentOptions,
  type Node,
} from '../../src/cluster/index.js';
import { dockerOrSkip } from './dockerAvailable.js';

/**
 * One deployment for a `@docker` suite: started in the suite's `before` (skipped locally, failed
 * under CI, when Docker is missing) under the run id `<name>-<random>`, disposed in its `after`.
 * Call it in the `describe` body; the getter it returns fails the test when none started.
 */
export function useDeployment(
  name: string,
  options: Omit<DeploymentOptions, 'runId'>,
): () => Deployment {
  let d: Deployment | undefined;
  before(async function () {
    await dockerOrSkip(this);
    d = await startDeployment({ ...options, runId: `${name}-${randomBytes(3).toString('hex')}` });
  });
  after(async () => {
    await d?.dispose();
  });
  return () => d ?? assert.fail(`no deployment ${name}`);
}

/** The node called `name` of a deployment; fails the test when there is none. */
export function nodeNamed(d: Deployment, name: string): Node {
  return d.nodes.find((n) => n.name === name) ?? assert.fail(`no node ${name}`);
}
