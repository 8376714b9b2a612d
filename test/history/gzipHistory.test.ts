import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { summarizeRun, writeRunReport } from '../../reports/index.js';
import { analyzeHistory } from '../../reports/analyzeHistory.js';
import { writeCost } from '../../reports/sweepMeasures.js';
import { loadTxnHistory } from '../../src/checker/elle/index.js';
import { readHistoryText } from '../../src/history/fileText.js';
import { HistoryWriter, readHistory } from '../../src/history/jsonl.js';
import { loadHistory } from '../../src/history/load.js';
import type { Op } from '../../src/history/op.js';
import { recheckRun } from '../../src/runner/recheckRun.js';
import { readStoredRun } from '../../src/store/index.js';
import { writeSyntheticRun } from '../reports/syntheticRun.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'redcheck.js');
const base: Omit<Op, 'index'> = { time: 5, process: 1, type: 'invoke', f: 'add', value: 'e0' };

describe('history: gzip-compressed histories', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'redcheck-gz-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes gzip (magic bytes 1f 8b) that the reader and zcat read back exactly', async () => {
    const file = join(dir, 'w.jsonl.gz');
    // Small members: many flushes, so the file is a series of gzip members.
    const w = HistoryWriter.open(file, { maxBufferBytes: 500 });
    const written: Op[] = [];
    for (let i = 0; i < 3000; i++) {
      written.push(w.append({ ...base, time: i, type: i % 2 ? 'ok' : 'invoke', value: `e${i}` }));
    }
    await w.close();
    const bytes = readFileSync(file);
    assert.deepEqual([bytes[0], bytes[1]], [0x1f, 0x8b]);
    assert.deepEqual(await readHistory(file), written);
    const z = spawnSync('zcat', [file], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(z.status, 0, z.stderr);
    assert.equal(z.stdout.split('\n').length - 1, 3000);
    assert.deepEqual(JSON.parse(z.stdout.split('\n')[0] as string), written[0]);
    assert.equal(w.bytesWritten, bytes.length);
    const raw = written.reduce((n, op) => n + JSON.stringify(op).length + 1, 0);
    assert.ok(bytes.length < raw, `compressed ${raw} to ${bytes.length} bytes`);
  });

  it('tells gzip from plain text by content, never by name', async () => {
    const ops = [{ index: 0, ...base }];
    const text = JSON.stringify(ops[0]) + '\n';
    const gzNamedPlain = join(dir, 'plain.jsonl.gz');
    const plainNamedGz = join(dir, 'gz.jsonl');
    writeFileSync(gzNamedPlain, text);
    writeFileSync(plainNamedGz, gzipSync(text));
    assert.deepEqual(await readHistory(gzNamedPlain), ops);
    assert.deepEqual(await readHistory(plainNamedGz), ops);
    assert.equal((await loadHistory(plainNamedGz)).format, 'jsonl');
    assert.equal(await readHistoryText(plainNamedGz), text);
  });

  it('reads a truncated compressed history up to its last complete line, at every cut', async () => {
    const file = join(dir, 'cut.jsonl.gz');
    const w = HistoryWriter.open(file, { maxBufferBytes: 2000 });
    const written: Op[] = [];
    for (let i = 0; i < 2000; i++) written.push(w.append({ ...base, time: i, value: `e${i}` }));
    await w.close();
    const whole = readFileSync(file);
    const cutFile = join(dir, 'cut-copy.jsonl.gz');
    let lastCount = -1;
    for (let cut = 1; cut <= whole.length; cut += Math.max(1, Math.floor(whole.length / 150))) {
      writeFileSync(cutFile, whole.subarray(0, cut));
      const warnings: string[] = [];
      const ops = await readHistory(cutFile, { onWarning: (x) => warnings.push(x.message) });
      assert.deepEqual(ops, written.slice(0, ops.length), `cut at ${cut} gives a prefix`);
      assert.ok(ops.length >= lastCount, 'a longer file never gives fewer ops');
      lastCount = ops.length;
    }
    assert.ok(lastCount > 1900, `read ${lastCount} of 2000 near the end`);
  });

  it('reads the history of a writer killed by SIGKILL up to the cut', async function () {
    this.timeout(30_000);
    const file = join(dir, 'killed.jsonl.gz');
    const writer = join(ROOT, 'src', 'history', 'jsonl.ts');
    const script = `
      const { HistoryWriter } = await import(${JSON.stringify(writer)});
      const w = HistoryWriter.open(${JSON.stringify(file)}, { flushIntervalMs: 20, maxBufferBytes: 4096 });
      let i = 0;
      const tick = () => {
        for (let k = 0; k < 200; k++, i++) w.append({ time: i, process: 0, type: 'invoke', f: 'add', value: 'e' + i });
        setImmediate(tick);
      };
      tick();`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, sig) => r(sig)));
    // Kill once well into the writing (the file grows while the child writes).
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      let size = 0;
      try {
        size = statSync(file).size;
      } catch {
        // not created yet
      }
      if (size > 50_000) break;
    }
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    const ops = await readHistory(file);
    assert.ok(ops.length > 1000, `read ${ops.length} ops`);
    ops.forEach((op, i) => assert.equal(op.value, `e${i}`));
    // And a cut inside the last member as well.
    truncateSync(file, statSync(file).size - 7);
    const fewer = await readHistory(file);
    assert.ok(fewer.length <= ops.length && fewer.length > 0);
  });

  it('says which file is damaged when compressed data is corrupt before its end', async () => {
    const file = join(dir, 'bad.jsonl.gz');
    const good = gzipSync('{"index":0}\n'.repeat(5000));
    const bad = Buffer.from(good);
    for (let i = 20; i < 60; i++) bad[i] = 0xff;
    writeFileSync(file, bad);
    await assert.rejects(readHistory(file), (e: Error) => {
      assert.match(e.message, /bad\.jsonl\.gz/);
      assert.match(e.message, /gzip|malformed|op/i);
      return true;
    });
  });
});

describe('history: every reader reads a compressed run folder as its plain form', function () {
  this.timeout(120_000);
  let dir: string;
  let plain: string;
  let gz: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'redcheck-gz-run-'));
    plain = join(dir, 'plain');
    gz = join(dir, 'gz');
    writeSyntheticRun(plain, { events: 3000, lost: 7 });
    // The final read of the primary: every element written, but every tenth acknowledged one.
    const file = join(plain, 'history.jsonl');
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    const acked = lines
      .map((l) => JSON.parse(l) as Op)
      .filter((op) => op.f === 'add' && op.type === 'ok')
      .map((op) => String(op.value));
    const held = acked.filter((_, i) => i % 10 !== 3);
    const final = { process: 'final', f: 'final-read', node: 'n1', time: 9e10 };
    lines.push(
      JSON.stringify({ index: lines.length, ...final, type: 'invoke', value: null }),
      JSON.stringify({
        index: lines.length + 1,
        ...final,
        type: 'ok',
        value: { role: 'primary', state: { set: held, list: held } },
      }),
    );
    writeFileSync(file, lines.join('\n') + '\n');
    cpSync(plain, gz, { recursive: true });
    const text = readFileSync(file);
    rmSync(join(gz, 'history.jsonl'));
    writeFileSync(join(gz, 'history.jsonl.gz'), gzipSync(text));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the store finds history.jsonl.gz (and an older run`s history.jsonl)', () => {
    assert.match(readStoredRun(gz).historyFile ?? '', /history\.jsonl\.gz$/);
    assert.match(readStoredRun(plain).historyFile ?? '', /history\.jsonl$/);
  });

  it('check <run-dir> derives the same verdict', async () => {
    const a = await recheckRun(plain);
    const b = await recheckRun(gz);
    assert.deepEqual(b.derived, a.derived);
    assert.equal(a.derived.valid, false, 'the synthetic run lost writes');
  });

  it('check <file> and Elle`s loader read the same ops', async () => {
    const a = await loadHistory(join(plain, 'history.jsonl'));
    const b = await loadHistory(join(gz, 'history.jsonl.gz'));
    assert.deepEqual(b.ops, a.ops);
    const ea = await loadTxnHistory(join(plain, 'history.jsonl'));
    const eb = await loadTxnHistory(join(gz, 'history.jsonl.gz'));
    assert.deepEqual(eb.ops, ea.ops);
  });

  it('report and compare measure the same history', async () => {
    assert.deepEqual(
      await analyzeHistory(join(gz, 'history.jsonl.gz')),
      await analyzeHistory(join(plain, 'history.jsonl')),
    );
    const results = readStoredRun(plain).results;
    assert.deepEqual(
      await writeCost(join(gz, 'history.jsonl.gz'), results),
      await writeCost(join(plain, 'history.jsonl'), results),
    );
    const sa = await summarizeRun(plain);
    const sb = await summarizeRun(gz);
    assert.deepEqual({ ...sb, dir: '' }, { ...sa, dir: '' });
    assert.ok(sb.okPerSecond !== undefined && sb.okPerSecond > 0);
    const page = readFileSync(await writeRunReport(gz), 'utf8');
    assert.doesNotMatch(page, /no history\.jsonl/);
  });

  it('export (the CLI) gives the same EDN', () => {
    const run = (d: string) =>
      spawnSync(process.execPath, [BIN, 'export', d, '--format', 'edn'], {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      });
    const a = run(plain);
    const b = run(gz);
    assert.equal(b.status, 0, b.stderr);
    assert.ok(b.stdout.length > 1000);
    assert.equal(b.stdout, a.stdout);
  });
});

describe('history: a disk that fills while the history is written', () => {
  for (const gzip of [true, false]) {
    it(`reports the full disk once, keeps appending without throwing (${gzip ? 'gzip' : 'plain'})`, async () => {
      const errors: Error[] = [];
      // /dev/full answers every write with ENOSPC.
      const w = HistoryWriter.open('/dev/full', { gzip, onError: (e) => errors.push(e) });
      w.append(base);
      w.flush();
      await new Promise((r) => setTimeout(r, 100));
      for (let i = 0; i < 100; i++) w.append({ ...base, time: i });
      await w.close();
      assert.equal(errors.length, 1);
      assert.match(errors[0]?.message ?? '', /cannot write history \/dev\/full: the disk is full/);
      assert.match((errors[0] as { fix?: string }).fix ?? '', /cleanup --store/);
      assert.equal(w.error, errors[0]);
      assert.equal(w.count, 101, 'the ops still get their indexes');
    });
  }
});

describe('reports: the history analysis stays bounded on long histories', () => {
  it('thins the per-op samples past the cap and keeps counts, totals and throughput exact', async function () {
    this.timeout(60_000);
    const dir = mkdtempSync(join(tmpdir(), 'redcheck-thin-'));
    try {
      const file = join(dir, 'h.jsonl.gz');
      const w = HistoryWriter.open(file);
      for (let i = 0; i < 20_000; i++) {
        const p = i % 7;
        w.append({ time: i * 1_000_000, process: p, type: 'invoke', f: 'add', value: `e${i}` });
        w.append({
          time: i * 1_000_000 + 500_000,
          process: p,
          type: i % 10 ? 'ok' : 'fail',
          f: 'add',
          value: `e${i}`,
        });
      }
      await w.close();
      const whole = await analyzeHistory(file);
      const thin = await analyzeHistory(file, { maxSampledOps: 1000 });
      assert.equal(thin.clientOps, whole.clientOps);
      assert.deepEqual(thin.counts, whole.counts);
      assert.equal(thin.latency.ok.total, whole.latency.ok.total);
      assert.equal(thin.latency.fail.total, whole.latency.fail.total);
      assert.ok(thin.latency.ok.x.length <= 1000, `${thin.latency.ok.x.length} points`);
      const sum = (a: { throughput: { series: { values: number[] }[] } }) =>
        a.throughput.series.reduce((n, s) => n + s.values.reduce((x, y) => x + y, 0), 0);
      assert.ok(
        Math.abs(sum(thin) - sum(whole)) / sum(whole) < 0.01,
        `${sum(thin)} vs ${sum(whole)}`,
      );
      assert.equal(thin.quantiles.p50.length, whole.quantiles.p50.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
