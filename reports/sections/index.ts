/**
 * The run page's checker sections, by checker name as `results.json` keys them. A new checker
 * adds its section module and one line here; a checker without a line shows in the checker
 * table only.
 */
import type { CheckerName, CheckerResultOf } from '../../src/store/index.js';
import { appendSection } from './appendSection.js';
import type { CheckerSection } from './checkerSection.js';
import { clusterSection } from './clusterSection.js';
import { linearizableSection } from './linearizableSection.js';
import { setSection } from './setSection.js';
import { statsSection } from './statsSection.js';

export type CheckerSections = {
  readonly [K in CheckerName]?: CheckerSection<CheckerResultOf<K>>;
};

export const CHECKER_SECTIONS: CheckerSections = {
  set: setSection,
  linearizable: linearizableSection,
  stats: statsSection,
  cluster: clusterSection,
  append: appendSection,
};

export type {
  BannerFact,
  CheckerSection,
  SectionContext,
  SectionOutput,
  TimelineFocus,
} from './checkerSection.js';
