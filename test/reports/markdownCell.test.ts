import assert from 'node:assert/strict';
import fc from 'fast-check';
import { markdownCell } from '../../reports/markdownCell.js';

describe('markdownCell (the cells of summary.md, run and suite)', () => {
  it('escapes pipes and backslashes, drops newlines and HTML', () => {
    assert.equal(markdownCell('a|b\\c\nd<e>\r\nf\rg'), 'a\\|b\\\\c d&lt;e&gt; f g');
    assert.equal(markdownCell({ a: 1 }), '{"a":1}');
    assert.equal(markdownCell(undefined), 'undefined');
  });

  it('never lets a value end its cell, its row or open a tag', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const c = markdownCell(s);
        assert.doesNotMatch(c, /[\r\n<>]/);
        // Every pipe stands after an odd run of backslashes: escaped, not a cell border.
        for (const m of c.matchAll(/(\\*)\|/g)) assert.equal((m[1] ?? '').length % 2, 1, c);
      }),
    );
  });
});
