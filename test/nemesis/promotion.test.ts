import assert from 'node:assert/strict';
import { awaitPromotion } from '../../nemesis/promotion.js';

describe('awaitPromotion (Sentinel and cluster FAILOVER)', () => {
  it('polls who the primary is until the promotion shows, and returns that answer', async () => {
    const answers = ['n1', undefined, 'n1', 'n2', 'n3'];
    let asked = 0;
    const r = await awaitPromotion(
      () => Promise.resolve(answers[asked++]),
      (p) => p !== undefined && p !== 'n1',
    );
    assert.deepEqual(r, { promoted: true, after: 'n2' });
    assert.equal(asked, 4, 'no poll after the promotion showed');
  });

  it('a primary that is there at once needs one poll', async () => {
    const r = await awaitPromotion(
      () => Promise.resolve('n2'),
      (p) => p === 'n2',
    );
    assert.deepEqual(r, { promoted: true, after: 'n2' });
  });
});
