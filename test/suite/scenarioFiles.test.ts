import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isRedcheckError } from '../../src/errors.js';
import {
  CLAIM_IDS,
  loadSuiteScenario,
  parseShard,
  planSuite,
  scenarioFiles,
} from '../../src/suite/index.js';

const exec = promisify(execFile);
const REPO = join(import.meta.dirname, '..', '..');
const SEED_CLAIMS = join(REPO, 'scenarios', 'seed-claims');

describe('suite scenario files', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'redcheck-suite-files-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('scenarios/seed-claims: every file loads, and every claim of docs/claims.md has one', () => {
    const plan = planSuite(scenarioFiles([SEED_CLAIMS]));
    const claimed = new Set(plan.map((c) => c.scenario.claim?.id));
    assert.deepEqual(
      CLAIM_IDS.filter((id) => !claimed.has(id)),
      [],
    );
    const docs = readFileSync(join(REPO, 'docs', 'claims.md'), 'utf8');
    for (const id of CLAIM_IDS) assert.ok(docs.includes(`| ${id} |`), `docs/claims.md row ${id}`);
    for (const c of plan)
      assert.ok(docs.includes(`\`${c.id}.json\``), `docs/claims.md names ${c.id}.json`);
    const pending = plan.filter((c) => c.scenario.pending).map((c) => c.scenario.claim?.id);
    assert.deepEqual(
      pending,
      [],
      'every claim runs today (pending is for claims that wait on work)',
    );
  });

  const bad: [string, string, RegExp, RegExp][] = [
    [
      'unknown-field.json',
      '{\n  "topology": "replication",\n  "colour": "red"\n}\n',
      /unknown-field\.json:3: unknown field "colour"/,
      /expected one of: topology, replicas/,
    ],
    [
      'bad-predicate.json',
      '{\n  "topology": "replication",\n  "expect": [\n    "set.lost > 0",\n    "set.lost => 0"\n  ]\n}\n',
      /bad-predicate\.json:5: expect\[1\] "set\.lost => 0": unexpected "=> 0" at column 10; expected a name, a number or one of == != < <= > >=/,
      /an expectation is name op value/,
    ],
    [
      'unknown-measure.json',
      '{\n  "expect": ["set.lots > 0"]\n}\n',
      /unknown-measure\.json:2: expect\[0\] "set\.lots > 0": unknown name "set\.lots"/,
      /docs\/claims\.md/,
    ],
    [
      'unknown-claim.json',
      '{\n  "claim": {\n    "id": "R9",\n    "text": "x"\n  }\n}\n',
      /unknown-claim\.json:3: unknown claim id "R9"/,
      /expected one of: R1, R3, R4/,
    ],
    [
      'not-json.json',
      '{\n  "topology": "replication",\n  "mode":\n}\n',
      /not-json\.json:4: not JSON/,
      /fix the JSON syntax/,
    ],
    [
      'bad-value.json',
      '{\n  "topology": "ring"\n}\n',
      /bad-value\.json: unknown topology "ring"/,
      /use one of: standalone/,
    ],
  ];
  for (const [name, text, message, fix] of bad) {
    it(`${name}: exit-2 error naming the file, the line and what was expected`, () => {
      const path = file(name, text);
      assert.throws(
        () => loadSuiteScenario(path),
        (e: unknown) => isRedcheckError(e) && message.test(e.message) && fix.test(e.fix ?? ''),
      );
    });
  }

  async function cli(args: string[]): Promise<{ code: number; stderr: string }> {
    try {
      await exec(process.execPath, [join(REPO, 'bin', 'redcheck.js'), ...args]);
      return { code: 0, stderr: '' };
    } catch (e) {
      const err = e as { code: number; stderr: string };
      return { code: err.code, stderr: err.stderr };
    }
  }

  it('redcheck suite: a bad file, --shard 3/2, 0/2, x exit 2 with the reason, before anything runs', async () => {
    const path = file('cli-bad.json', '{\n  "topology": "replication",\n  "colour": "red"\n}\n');
    const r = await cli(['suite', path, '--out', join(dir, 'out')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cli-bad\.json:3: unknown field "colour"/);
    const s = await cli(['suite', SEED_CLAIMS, '--shard', '3/2', '--list']);
    assert.equal(s.code, 2);
    assert.match(s.stderr, /--shard 3\/2: expected i\/n with 1 <= i <= n/);
    for (const shard of ['0/2', '1/0', 'x', '1/2/3', '-1/2']) {
      assert.throws(() => parseShard(shard), new RegExp(`--shard ${shard}: expected i/n`), shard);
    }
    assert.deepEqual(parseShard('2/3'), { index: 2, count: 3 });
  });
});
