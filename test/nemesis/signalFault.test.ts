import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { NemesisContext } from '../../nemesis/index.js';
import { startSignalFault, type SignalFault } from '../../nemesis/signalFault.js';
import type { Deployment, Node } from '../../src/cluster/types.js';
import { createRandom } from '../../src/common/random.js';

// The start of kill and pause, over an in-memory node whose redis-server changes state when
// signalled (or, to see the unverified case, ignores the signal). The real processes are
// tested in nemesis.docker.test.ts.

type State = 'running' | 'stopped' | 'down';

function nodeWith(name: string, obeys: boolean): Node & { signals: string[] } {
  let state: State = 'running';
  const signals: string[] = [];
  return {
    name,
    ip: '10.0.0.1',
    containerId: name,
    signals,
    exec: () => Promise.reject(new Error('no exec here')),
    start: () => Promise.resolve(void (state = 'running')),
    signal(_role, signal) {
      signals.push(signal);
      if (obeys) state = signal === 'KILL' ? 'down' : signal === 'STOP' ? 'stopped' : 'running';
      return Promise.resolve();
    },
    status: () => Promise.resolve(state),
  };
}

function contextOf(nodes: Node[]): NemesisContext {
  return {
    deployment: {
      nodes,
      currentPrimary: () => Promise.resolve(nodes[0]),
    } as unknown as Deployment,
    record: () => undefined,
    now: () => 42,
    log: () => undefined,
    options: {},
  };
}

const KILL: SignalFault = {
  kind: 'kill',
  signal: 'KILL',
  state: 'down',
  done: 'redis-server killed',
  notDone: 'redis-server still present after SIGKILL',
};

describe('startSignalFault (kill, pause)', function () {
  this.timeout(10_000);

  it('signals the targeted node and is verified once its process is in the state', async () => {
    const n1 = nodeWith('n1', true);
    const n2 = nodeWith('n2', true);
    const fault = await startSignalFault(KILL, 'n2', createRandom(1), contextOf([n1, n2]));
    assert.deepEqual(n2.signals, ['KILL']);
    assert.deepEqual(n1.signals, []);
    assert.deepEqual(fault, {
      kind: 'kill',
      target: 'n2',
      startedAt: 42,
      nodes: ['n2'],
      value: { node: 'n2' },
      description: 'n2 redis-server killed',
      verified: true,
    });
  });

  it('says what it saw when the process does not reach the state', async () => {
    const n1 = nodeWith('n1', false);
    const fault = await startSignalFault(
      { ...KILL, kind: 'pause', signal: 'STOP', state: 'stopped', notDone: 'still running' },
      undefined,
      createRandom(1),
      contextOf([n1]),
    );
    assert.deepEqual(n1.signals, ['STOP'], 'no target: the current primary');
    assert.equal(fault.verified, false);
    assert.equal(fault.problem, 'n1: still running');
  });
});
