import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

/** The argument text of each `.render(` call in a source file, up to its closing bracket. */
function renderCalls(source: string): string[] {
  const calls: string[] = [];
  for (const match of source.matchAll(/\.render\(/g)) {
    let depth = 1;
    let end = match.index + match[0].length;
    while (depth > 0 && end < source.length) {
      const character = source[end];
      if (character === '(') depth++;
      if (character === ')') depth--;
      end++;
    }
    calls.push(source.slice(match.index + match[0].length, end - 1));
  }
  return calls;
}

/** Names a file gives to the whole body or query: `const body = req.body …`. */
function aliasesOfRequestData(source: string): string[] {
  return [
    ...source.matchAll(/(?:const|let|var)\s+(\w+)\s*=\s*\(?\s*req\.(?:body|query)\b(?!\s*[.[])/g),
  ].map((match) => match[1] ?? '');
}

/** The render calls of a source file that pass the request's body, query or params whole. */
function wholeRequestDataRendered(source: string): string[] {
  const notAProperty = '\\b(?!\\s*(?:\\.|\\[|\\?\\.))';
  const patterns = [
    new RegExp(`req\\.(?:body|query|params)${notAProperty}`),
    ...aliasesOfRequestData(source).map((alias) => new RegExp(`\\b${alias}${notAProperty}`)),
  ];
  return renderCalls(source).filter((call) => patterns.some((pattern) => pattern.test(call)));
}

const sourceFiles = ['routes', 'middleware'].flatMap((dir) =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(dir, file)),
);

describe('what reaches the templates', () => {
  it('SEC-22 no route hands req.body or req.query whole to res.render (EJS options injection)', () => {
    const sources = sourceFiles.map((file) => [file, readFileSync(file, 'utf8')] as const);
    assert.ok(
      sources.some(([, source]) => renderCalls(source).length > 0),
      'render calls found',
    );
    for (const [file, source] of sources) {
      assert.deepEqual(wholeRequestDataRendered(source), [], file);
    }
  });

  it('the check finds a whole body, a spread query and a body under another name', () => {
    for (const source of [
      "res.render('x', req.body)",
      "res.status(400).render('x', { ...req.query, a: f(1) })",
      "const form = (req.body ?? {}) as Record<string, unknown>; res.render('x', { form })",
    ]) {
      assert.equal(wholeRequestDataRendered(source).length, 1, source);
    }
    assert.deepEqual(
      wholeRequestDataRendered(
        "const body = req.body; res.render('x', { kommun: body.kommun, v: req.query.v })",
      ),
      [],
    );
  });
});
