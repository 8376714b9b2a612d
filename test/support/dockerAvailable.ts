import type Docker from 'dockerode';
import { connectDocker } from '../../src/cluster/index.js';

/**
 * For `@docker` suites' `before`: a connected engine client. When the engine is unreachable
 * the suite is skipped locally, but fails under CI (`CI=true`), where Docker must be there.
 */
export async function dockerOrSkip(ctx: Mocha.Context): Promise<Docker> {
  try {
    return await connectDocker();
  } catch (e) {
    if (process.env.CI === 'true') throw e;
    ctx.skip();
  }
}
