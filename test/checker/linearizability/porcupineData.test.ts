import assert from 'node:assert/strict';
import { checkLinearizability } from '../../../src/checker/linearizability/index.js';
import { loadPorcupine, readExpected } from './sharedData.js';

describe('linearizability: Porcupine histories get the verdicts of expected.tsv', () => {
  for (const row of readExpected()) {
    if (row.expected !== 'ok' && row.expected !== 'illegal') continue; // etcd_095: empty, no verdict
    it(`${row.path} with ${row.model} is ${row.expected}`, async () => {
      const history = loadPorcupine(row.path);
      const r = await checkLinearizability(history, { model: row.model, timeLimitMs: 30_000 });
      assert.equal(r.valid, row.expected === 'ok', r.reason);
    });
  }
});
