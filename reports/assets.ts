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
  /**
   * Client code by name: `common`, `run`, `compare`, `check`. A page's code may span several
   * files (see `PAGE_FILES`), joined in order into one script.
   */
  js: Record<'common' | 'run' | 'compare' | 'check', string>;
}

/** The files of each page's client code, in the order they run: helpers before their users. */
const PAGE_FILES: Record<keyof PageAssets['js'], readonly string[]> = {
  common: ['common.js'],
  run: ['runPlots.js', 'runTimelineOverview.js', 'runTimeline.js', 'run.js'],
  compare: ['compare.js'],
  check: ['check.js'],
};

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
  const readAll = (names: readonly string[]): string => names.map(read).join('\n');
  cached = {
    // The licence banner keeps its name and licence, without a URL the page would carry.
    uplotJs: uplotFile('uPlot.iife.min.js').replace(
      /^\/\*![^*]*\*\//,
      '/*! uPlot (MIT licence), github.com/leeoniya/uPlot */',
    ),
    uplotCss: uplotFile('uPlot.min.css'),
    css: read('page.css'),
    js: {
      common: readAll(PAGE_FILES.common),
      run: readAll(PAGE_FILES.run),
      compare: readAll(PAGE_FILES.compare),
      check: readAll(PAGE_FILES.check),
    },
  };
  return cached;
}
