import type { History } from '../../src/history/op.js';
import type { StoredRun } from '../../src/store/index.js';
import type { HistoryAnalysis } from '../analyzeHistory.js';
import type { Raw } from '../html.js';
import type { LanesData } from '../pageData.js';

/** What a section of the run page may use besides its checker's result. */
export interface SectionContext {
  readonly run: StoredRun;
  /** The history's analysis; undefined when the run has no history.jsonl. */
  readonly analysis: HistoryAnalysis | undefined;
  /** The run's ops, read on first use ([] when the run has no history). */
  history(): Promise<History>;
}

/** A section's markup, and the lanes it wants drawn (embedded in the page's data). */
export interface SectionOutput {
  readonly body: Raw;
  readonly lanes?: readonly LanesData[];
}

/** A number for the page's banner, e.g. the lost acknowledged writes. */
export interface BannerFact {
  readonly label: string;
  readonly value: string | number;
  /** `id` of the value's element, for tests and links. */
  readonly id?: string;
}

/** Ops the timeline marks and where it centres (ns since the run started). */
export interface TimelineFocus {
  readonly lostValues: ReadonlySet<string>;
  readonly lostKeys: ReadonlySet<string>;
  readonly centreNs?: number;
  readonly why?: string;
}

/**
 * How the run page shows one checker's result. A section is keyed by the checker's name in
 * `results.json` (never by workload), so a new checker is its section module plus one line in
 * `sections/index.ts`.
 */
export interface CheckerSection<R> {
  /** Anchor of the section (`#id`) and its link text in the page's table of contents. */
  readonly id: string;
  readonly label: string;
  /** Facts for the banner. Default: none. */
  bannerFacts?(result: R): BannerFact[];
  /** Ops to mark on the timeline and where to centre it. Default: no marks. */
  timelineFocus?(result: R): TimelineFocus | undefined;
  /** The section; may read the history through `ctx`. */
  render(result: R, ctx: SectionContext): SectionOutput | Promise<SectionOutput>;
}
