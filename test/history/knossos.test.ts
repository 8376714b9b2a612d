import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkLinearizability } from '../../src/checker/linearizability/index.js';
import { loadHistory } from '../../src/history/load.js';

// Real Knossos histories (see test/fixtures/jepsen/README.md): Knossos's own test suite asserts
// that every file under good/ is linearizable and every file under bad/ is not.
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'jepsen', 'cas-register');

describe('Knossos cas-register histories get Knossos verdicts', () => {
  for (const [folder, expected] of [
    ['good', true],
    ['bad', false],
  ] as const) {
    for (const name of readdirSync(join(FIXTURES, folder)).filter((n) => n.endsWith('.edn'))) {
      it(`${folder}/${name} is ${expected ? 'linearizable' : 'not linearizable'}`, async () => {
        const { ops, format } = await loadHistory(join(FIXTURES, folder, name));
        assert.equal(format, 'edn');
        const r = await checkLinearizability(ops, { model: 'cas-register', timeLimitMs: 30_000 });
        assert.equal(r.valid, expected, r.reason);
      });
    }
  }
});
