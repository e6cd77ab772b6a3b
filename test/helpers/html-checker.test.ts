import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkHtml, htmlCheckSkipReason } from './html-checker';

const skip = htmlCheckSkipReason();

const page = (lang: string, body: string) =>
  `<!DOCTYPE html><html${lang}><head><meta charset="utf-8"><title>T</title></head><body>${body}</body></html>`;

describe('the Nu HTML checker the browser tests use', { skip }, () => {
  it('names the page with an error, tells warnings apart and passes a valid page', async () => {
    const problems = await checkHtml([
      { name: 'valid', html: page(' lang="sv"', '<main><h1>Hej</h1></main>') },
      {
        name: 'broken',
        html: page(' lang="sv"', '<div aria-labelledby="x"><h2 id="x">Fel</h2></div>'),
      },
      { name: 'no language', html: page('', '<p>Hej</p>') },
    ]);
    const errors = problems.filter((problem) => problem.severity === 'error');
    const warnings = problems.filter((problem) => problem.severity === 'warning');
    assert.deepEqual(
      errors.map((problem) => problem.name),
      ['broken'],
    );
    assert.match(errors[0]?.text ?? '', /aria-labelledby/);
    assert.ok(
      warnings.some((problem) => problem.name === 'no language' && /lang/.test(problem.text)),
    );
    assert.ok(!problems.some((problem) => problem.name === 'valid'));
  });
});
