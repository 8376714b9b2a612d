// Development only (not in the package): runs the CLI's TypeScript sources through tsx, a
// dev dependency. bin/redcheck.js comes here in a source checkout whose build is not current.
// Resolves true when the sources ran (`starting` called first), false when tsx is not installed.
import { pathToFileURL } from 'node:url';

/**
 * @param {string} source the CLI's main.ts
 * @param {() => void} starting called just before the sources start
 * @returns {Promise<boolean>}
 */
export async function runSources(source, starting) {
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    return false;
  }
  starting();
  tsx.register();
  await import(pathToFileURL(source).href);
  return true;
}
