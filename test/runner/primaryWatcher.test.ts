import assert from 'node:assert/strict';
import type { Deployment, Node } from '../../src/cluster/types.js';
import { watchPrimary } from '../../src/runner/primaryWatcher.js';

/** A deployment whose primary follows a script, one answer per poll (the last repeats). */
function scripted(answers: (string | undefined | Error)[]): Deployment {
  let i = 0;
  const node = (name: string) => ({ name }) as Node;
  return {
    currentPrimary() {
      const a = answers[Math.min(i++, answers.length - 1)];
      if (a instanceof Error) return Promise.reject(a);
      return Promise.resolve(a === undefined ? undefined : node(a));
    },
  } as Deployment;
}

describe('watchPrimary', () => {
  it('records each change of the agreed primary, ignoring unanswered and failed polls', async () => {
    const d = scripted(['n1', undefined, 'n1', new Error('exec failed'), 'n2', 'n2', 'n3']);
    let t = 0;
    const lines: string[] = [];
    const w = watchPrimary(
      d,
      () => ++t,
      (l) => lines.push(l),
      1,
    );
    await new Promise((r) => setTimeout(r, 100));
    const changes = await w.stop();
    assert.deepEqual(
      changes.map((c) => [c.from, c.to]),
      [
        ['n1', 'n2'],
        ['n2', 'n3'],
      ],
    );
    assert.ok(changes[0]!.time < changes[1]!.time);
    assert.equal(lines.length, 2);
    assert.deepEqual(await w.stop(), changes);
  });
});
