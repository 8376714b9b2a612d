import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RedcheckError } from '../src/errors.js';

/** The code and styles a page inlines; read from disk once per process. */
export interface PageAssets {
  uplotJs: string;
  uplotCss: string;
  css: string;
  /** Client code by name: `common`, `run`, `compare`, `check`. */
  js: Record<'common' | 'run' | 'compare' | 'check', string>;
}

let cached: PageAssets | undefined;

/** The folder of the page's own client code: next to this file, or in the source tree when built. */
function assetDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'assets'), join(here, '..', '..', 'reports', 'assets')];
  const found = candidates.find((d) => existsSync(join(d, 'run.js')));
  if (!found) {
    throw new RedcheckError(
      'E_REPORT_ASSETS',
      `report assets not found in ${candidates.join(' or ')}`,
      'reinstall redcheck; the reports/assets folder ships with it',
    );
  }
  return found;
}

function uplotFile(name: string): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('uplot/package.json');
  return readFileSync(join(dirname(pkg), 'dist', name), 'utf8');
}

/** Load (once) uPlot and the page's own client code and styles. */
export function pageAssets(): PageAssets {
  if (cached) return cached;
  const dir = assetDir();
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  cached = {
    // The licence banner keeps its name and licence, without a URL the page would carry.
    uplotJs: uplotFile('uPlot.iife.min.js').replace(
      /^\/\*![^*]*\*\//,
      '/*! uPlot (MIT licence), github.com/leeoniya/uPlot */',
    ),
    uplotCss: uplotFile('uPlot.min.css'),
    css: read('page.css'),
    js: {
      common: read('common.js'),
      run: read('run.js'),
      compare: read('compare.js'),
      check: read('check.js'),
    },
  };
  return cached;
}
