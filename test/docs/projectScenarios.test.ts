import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { planSuite, scenarioFiles } from '../../src/suite/index.js';
import { isClaimOrVariantId } from '../../src/suite/claims.js';

// README tells a reader to run `redcheck suite` on the project's own scenario folders: every
// file there is a case, the controls and variants (C5-control) and those naming no claim too.

const ROOT = join(import.meta.dirname, '..', '..');

describe("the project's own scenario folders as suites", () => {
  for (const folder of ['scenarios', 'scenarios/seed-claims']) {
    it(`${folder}/: every scenario file is a case`, () => {
      const dir = join(ROOT, folder);
      const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
      const plan = planSuite(scenarioFiles([dir]));
      assert.equal(plan.length, files.length);
      assert.ok(files.length > 5);
    });
  }

  it('a claim id is a seed claim or a variant of one; others are refused', () => {
    for (const id of ['C5a', "C3'", 'R6/R7', 'C5-control', 'C5-waitaof', 'R8-migrate']) {
      assert.ok(isClaimOrVariantId(id), id);
    }
    for (const id of ['R9', 'C5x', 'C5-', 'C-control', 'C55-control', 'c5-control', '']) {
      assert.equal(isClaimOrVariantId(id), false, id);
    }
  });
});
