import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCell, csvDocument } from '../../services/csv';

describe('CSV for a spreadsheet', () => {
  it('SEC-24 a cell starting with = + - @, a tab or a line break is shown as text, never run', () => {
    for (const value of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '\n=1']) {
      const cell = csvCell(value);
      assert.equal(cell.startsWith(`"'`), true, JSON.stringify(value));
      assert.equal(cell, `"'${value.replace(/"/g, '""')}"`);
    }
    assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  });

  it("SEC-24 a formula after a comma or tab stays inside its quoted cell, wherever the spreadsheet's separator is", () => {
    const typed = "Anna,=cmd|' /C calc'!A0";
    assert.equal(csvCell(typed), `"${typed}"`);
    assert.equal(csvCell('Anna\t@SUM(1+1)'), '"Anna\t@SUM(1+1)"');
    // Read back as comma-separated, the cell is one cell that starts with "Anna".
    const cells = csvDocument([[typed, 'x']])
      .slice(1)
      .trim();
    assert.equal(cells, `"${typed}";x`);
  });

  it('quotes a cell with ; " or a line break, and leaves a plain one as it is', () => {
    assert.equal(csvCell('Åsa Öberg'), 'Åsa Öberg');
    assert.equal(csvCell('a;b'), '"a;b"');
    assert.equal(csvCell('Kalle "K"'), '"Kalle ""K"""');
    assert.equal(csvCell('rad\nbrytning'), '"rad\nbrytning"');
    assert.equal(csvCell('19850101-XXXX'), '19850101-XXXX');
    assert.equal(csvCell(''), '');
  });

  it('a document: byte order mark, ; between cells, CRLF after every row', () => {
    assert.equal(
      csvDocument([
        ['a', 'b'],
        ['=c', 'd;e'],
      ]),
      '\uFEFFa;b\r\n"\'=c";"d;e"\r\n',
    );
  });
});
