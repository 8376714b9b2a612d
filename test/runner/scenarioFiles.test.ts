import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenarioInput, resolveScenario } from '../../src/runner/scenario.js';

const dir = join(import.meta.dirname, '..', '..', 'scenarios');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('shipped scenario files (scenarios/*.json)', () => {
  it('ships one scenario per claim that can be run today', () => {
    assert.ok(files.length >= 8, `found only ${files.length} scenario files`);
  });

  for (const file of files) {
    it(`${file} resolves and its nemesis fits its topology`, () => {
      const path = join(dir, file);
      const input = parseScenarioInput(JSON.parse(readFileSync(path, 'utf8')), path);
      // Resolving parses the fault specs and checks them against the topology.
      const scenario = resolveScenario(input);
      assert.equal(scenario.faults.length, scenario.nemesis.length);
      assert.equal(scenario.topology, input.topology);
      assert.equal(scenario.mode, input.mode);
    });
  }
});
