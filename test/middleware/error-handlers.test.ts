import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agentFor, csrfTokenOf, getPage } from '../helpers/http';
import { createApplicant, loginWithSms } from '../helpers/login';
import { useTestApp } from '../helpers/test-services';

describe('error pages', () => {
  const testApp = useTestApp();

  it('a page not found echoes nothing of the address beside the page’s CSRF token (BREACH)', async () => {
    const { app, services } = testApp();
    const agent = agentFor(app);
    await loginWithSms(agent, services, await createApplicant(services));
    const known = await getPage(agent, '/mina-sidor');
    const guess = 'GUESS-0a1b2c3d4e';
    for (const path of [`/mina-sidor/${guess}`, `/mina-sidor/ansokningar/${guess}`]) {
      const { response, $ } = await getPage(agent, path);
      assert.equal(response.status, 404, path);
      assert.ok(!response.text.includes(guess), `${path} is echoed`);
      // The token a compressed page carries is the logged-in one: what BREACH would be after.
      assert.equal(csrfTokenOf($), csrfTokenOf(known.$));
      assert.equal($('a[hreflang]').attr('href'), '/sprak/en?tillbaka=%2F');
    }
  });
});
