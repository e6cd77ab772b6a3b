import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { useTestApp } from '../helpers/test-services';

describe('compression', () => {
  const testApp = useTestApp();

  it('compresses a page asked for without a query', async () => {
    const response = await request(testApp().app).get('/logga-in').set('Accept-Encoding', 'gzip');
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-encoding'], 'gzip');
  });

  it('BREACH: a page that repeats its query beside the CSRF token is sent uncompressed', async () => {
    const response = await request(testApp().app)
      .get('/logga-in?tillbaka=/ansokan/ekonomiskt-bistand/hushall')
      .set('Accept-Encoding', 'gzip, br');
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-encoding'], undefined);
    const $ = cheerio.load(response.text);
    assert.equal($('input[name="tillbaka"]').val(), '/ansokan/ekonomiskt-bistand/hushall');
    assert.ok($('input[name="_csrf"]').val(), 'the page holds a token');
  });
});
