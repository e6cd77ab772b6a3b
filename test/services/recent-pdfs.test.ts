import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecentPdfs } from '../../services/recent-pdfs';

function clockAt(start: number) {
  let time = start;
  return { now: () => new Date(time), advance: (ms: number) => (time += ms) };
}

const pdf = (text: string) => Promise.resolve(Buffer.from(`%PDF- ${text}`));

describe('recent PDFs', () => {
  it('keeps the most recently used few and lets the oldest go', async () => {
    const recent = new RecentPdfs(2, 60_000, clockAt(0));
    const one = pdf('1');
    recent.set('a:1', one);
    recent.set('b:1', pdf('2'));
    assert.equal(recent.get('a:1'), one);
    recent.set('c:1', pdf('3'));
    assert.equal(recent.get('b:1'), undefined, 'b was used least recently');
    assert.equal((await recent.get('a:1'))?.toString(), '%PDF- 1');
    assert.ok(recent.get('c:1'));
    assert.equal(recent.size, 2);
  });

  it('forgets a PDF after its time', () => {
    const clock = clockAt(0);
    const recent = new RecentPdfs(4, 60_000, clock);
    recent.set('a:1', pdf('1'));
    clock.advance(59_999);
    assert.ok(recent.get('a:1'));
    clock.advance(1);
    assert.equal(recent.get('a:1'), undefined);
    assert.equal(recent.size, 0);
  });

  it('does not keep a rendering that failed', async () => {
    const recent = new RecentPdfs(4, 60_000, clockAt(0));
    const failed = Promise.reject(new Error('worker died'));
    recent.set('a:1', failed);
    await assert.rejects(failed);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(recent.get('a:1'), undefined);
  });

  it('keeps nothing when it may keep no entries', () => {
    const recent = new RecentPdfs(0, 60_000, clockAt(0));
    recent.set('a:1', pdf('1'));
    assert.equal(recent.get('a:1'), undefined);
  });
});
