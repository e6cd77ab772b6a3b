import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import express from 'express';
import request from 'supertest';
import { clearSessionCookies } from '../../middleware/set-up-session';

describe('clearing the session cookies at logout', () => {
  it('SEC-9 clears the __Host- cookies with Secure and path /, as a browser needs to drop them', async () => {
    const app = express();
    app.post('/ut', (_req, res) => {
      clearSessionCookies(res, true);
      res.sendStatus(204);
    });
    const response = await request(app).post('/ut');
    const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
    const names = cookies.map((cookie) => cookie.split('=')[0]);
    assert.deepEqual(names.sort(), ['__Host-portal.sid', '__Host-portal.visit']);
    for (const cookie of cookies) {
      assert.match(cookie, /; Path=\//);
      assert.match(cookie, /; Secure/);
      assert.match(cookie, /; Expires=Thu, 01 Jan 1970/);
      assert.doesNotMatch(cookie, /Domain=/i);
    }
  });
});
