import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isRedcheckError } from '../../src/errors.js';
import { parseEngine, parseEngines } from '../../src/cluster/swarm/engines.js';
import { parseBenchmarkCsv } from '../../src/cluster/swarm/overlayProbe.js';
import { parsePlacement, placeNodes } from '../../src/cluster/swarm/placement.js';
import { cleanupEngines } from '../../src/cluster/swarm/cleanupEngines.js';

function throwsCode(fn: () => unknown, code: string, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isRedcheckError(e), String(e));
    assert.equal(e.code, code);
    assert.match(e.message, message);
    assert.match(e.fix ?? '', /tcp:\/\/host:port/);
    return true;
  });
}

describe('--engines', () => {
  it('takes local, unix://, tcp:// and ssh:// engines, each named as written', () => {
    const refs = parseEngines(
      'local, unix:///run/other.sock,tcp://10.0.0.2:2375,ssh://ops@lab-3:2222',
    );
    assert.deepEqual(
      refs.map((r) => [r.name, r.kind]),
      [
        ['local', 'local'],
        ['unix:///run/other.sock', 'unix'],
        ['tcp://10.0.0.2:2375', 'tcp'],
        ['ssh://ops@lab-3:2222', 'ssh'],
      ],
    );
    assert.deepEqual(refs[1]?.options, { socketPath: '/run/other.sock' });
    assert.deepEqual(refs[2]?.options, { protocol: 'http', host: '10.0.0.2', port: 2375 });
    assert.equal(refs[3]?.options.protocol, 'ssh');
    assert.equal(refs[3]?.options.username, 'ops');
    assert.equal(refs[3]?.options.port, 2222);
    assert.equal(parseEngine('ssh://ops@lab-3').options.port, 22);
  });

  it('refuses bad entries with E_ENGINES, naming the entry and the forms', () => {
    throwsCode(() => parseEngines(''), 'E_ENGINES', /names no engine/);
    throwsCode(() => parseEngines('http://a:1'), 'E_ENGINES', /"http:\/\/a:1" has the scheme http/);
    throwsCode(() => parseEngines('tcp://a'), 'E_ENGINES', /"tcp:\/\/a" names no port/);
    throwsCode(() => parseEngines('ssh://lab-3'), 'E_ENGINES', /names no user/);
    throwsCode(() => parseEngines('tcp://a:1/x'), 'E_ENGINES', /has a path/);
    throwsCode(() => parseEngines('lab-3'), 'E_ENGINES', /"lab-3" is not an engine address/);
    throwsCode(() => parseEngines('tcp://a:1,tcp://a:1'), 'E_ENGINES', /listed twice/);
  });

  it('keeps every tcp engine of a list, in order, with its host and port', () => {
    const engine = fc.record({
      host: fc.ipV4(),
      port: fc.integer({ min: 1, max: 65535 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(engine, {
          minLength: 1,
          maxLength: 6,
          selector: (e) => `${e.host}:${e.port}`,
        }),
        (list) => {
          const refs = parseEngines(list.map((e) => `tcp://${e.host}:${e.port}`).join(','));
          assert.deepEqual(
            refs.map((r) => [r.options.host, r.options.port]),
            list.map((e) => [e.host, e.port]),
          );
        },
      ),
    );
  });
});

describe('overlay round trips', () => {
  it("reads redis-benchmark's PING_MBULK row (avg, min, p50, p99, max in ms)", () => {
    const csv = [
      '"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"',
      '"PING_INLINE","9852.22","0.094","0.024","0.031","0.055","2.263","11.903"',
      '"PING_MBULK","26666.67","0.031","0.024","0.031","0.047","0.087","0.439"',
    ].join('\n');
    assert.deepEqual(parseBenchmarkCsv(csv), {
      avgMs: 0.031,
      minMs: 0.024,
      p50Ms: 0.031,
      p99Ms: 0.087,
      maxMs: 0.439,
    });
    assert.equal(parseBenchmarkCsv('Could not connect to Redis at 10.0.1.2:6379'), undefined);
    assert.equal(parseBenchmarkCsv('"PING_MBULK","x","1","2"'), undefined);
  });
});

describe('placement', () => {
  const engines = parseEngines('tcp://lab-1:2375,tcp://lab-2:2375,tcp://lab-3:2375');
  const [a, b, c] = engines.map((e) => e.name);

  it('places nodes round-robin in --engines order, and as --placement says (by name or position)', () => {
    assert.deepEqual(
      [...placeNodes(['n1', 'n2', 'n3', 'n4'], engines)],
      [
        ['n1', a],
        ['n2', b],
        ['n3', c],
        ['n4', a],
      ],
    );
    const placement = parsePlacement(`n1=3, n2=${String(c)}`, engines);
    assert.deepEqual(
      [...placeNodes(['n1', 'n2', 'n3'], engines, placement)],
      [
        ['n1', c],
        ['n2', c],
        ['n3', a],
      ],
    );
  });

  it('refuses a placement naming no engine, a node twice, or a node the deployment lacks', () => {
    const refused = (fn: () => unknown, message: RegExp) =>
      assert.throws(fn, (e: unknown) => {
        assert.ok(isRedcheckError(e), String(e));
        assert.equal(e.code, 'E_ENGINES');
        assert.match(e.message, message);
        assert.ok(e.fix);
        return true;
      });
    refused(() => parsePlacement('n1=4', engines), /n1=4 names no engine of --engines/);
    refused(() => parsePlacement('n1=lab-9', engines), /names no engine/);
    refused(() => parsePlacement('n1=1,n1=2', engines), /n1 is placed twice/);
    refused(() => parsePlacement('x=1', engines), /"x=1" is not node=engine/);
    refused(
      () => placeNodes(['n1', 'n2'], engines, parsePlacement('n5=1', engines)),
      /names n5, which this deployment does not have/,
    );
  });

  it('places every node exactly once, where --placement says, the rest balanced within one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.nat())),
        (nodeCount, engineCount, pins) => {
          const nodes = Array.from({ length: nodeCount }, (_, i) => `n${i + 1}`);
          const refs = engines.concat(parseEngines('tcp://lab-4:2375')).slice(0, engineCount);
          const fixed = new Map<string, string>();
          for (const [n, e] of pins) {
            fixed.set(nodes[n % nodeCount] as string, refs[e % engineCount]?.name as string);
          }
          const placed = placeNodes(nodes, refs, fixed);
          assert.deepEqual([...placed.keys()], nodes);
          for (const [n, e] of fixed) assert.equal(placed.get(n), e);
          const free = new Map(refs.map((r) => [r.name, 0]));
          for (const [n, e] of placed) if (!fixed.has(n)) free.set(e, (free.get(e) ?? 0) + 1);
          const total = new Map(refs.map((r) => [r.name, 0]));
          for (const e of placed.values()) total.set(e, (total.get(e) ?? 0) + 1);
          // Every unpinned node went to an engine as loaded as any other at that moment, so
          // no engine that took an unpinned node ends more than one above the least loaded.
          const least = Math.min(...total.values());
          for (const [e, n] of free) if (n > 0) assert.ok((total.get(e) ?? 0) <= least + 1);
        },
      ),
    );
  });
});

describe('cleanup --engines, an engine that does not answer', () => {
  it('is E_ENGINE_UNREACHABLE naming the engine, with the fix', async () => {
    await assert.rejects(
      cleanupEngines(parseEngines('unix:///nonexistent/docker.sock,tcp://127.0.0.1:1')),
      (e: unknown) => {
        assert.ok(isRedcheckError(e), String(e));
        assert.equal(e.code, 'E_ENGINE_UNREACHABLE');
        assert.match(e.message, /engine unix:\/\/\/nonexistent\/docker\.sock does not answer/);
        assert.match(e.message, /engine tcp:\/\/127\.0\.0\.1:1 does not answer/);
        assert.match(e.message, /removed 0 objects on the engines that answered/);
        assert.match(e.fix ?? '', /cleanup --engines/);
        return true;
      },
    );
  });
});
