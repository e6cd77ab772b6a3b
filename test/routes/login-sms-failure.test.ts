import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { agentFor, getPage, textOf } from '../helpers/http';
import { createApplicant, postPassword, requestSmsCode } from '../helpers/login';
import { createStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/test-services';

describe('login when the SMS provider fails', () => {
  let provider: Server;
  let requests = 0;
  const env: Record<string, string> = {
    SMS_PROVIDER: 'http',
    SMS_API_USERNAME: 'u',
    SMS_API_PASSWORD: 'p',
  };
  // Registered before the app's own hook, so the app is made with the provider's address.
  before(async () => {
    provider = createServer((_req, res) => {
      requests += 1;
      res.writeHead(503).end('unavailable');
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    env.SMS_API_URL = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/a1/sms`;
  });
  after(async () => {
    await new Promise((resolve) => provider.close(resolve));
  });
  const testApp = useTestApp({ env });

  it('says plainly that no SMS could be sent and leaves nobody half logged in', async () => {
    const { app, services } = testApp();
    const applicant = await createApplicant(services);
    const agent = agentFor(app);
    await postPassword(agent, { identitet: applicant.personnummer, losenord: applicant.password });
    const response = await requestSmsCode(agent);
    assert.ok(requests >= 1, 'the provider was asked');
    assert.equal(response.status, 502);
    assert.match(response.text, /Vi kunde inte skicka SMS/);
    assert.match(response.text, /Du är inte inloggad/);
    // No code exists that could work later, and the half-done login is gone.
    const codes = await services.database.db.selectFrom('sms_code').selectAll().execute();
    assert.equal(codes.length, 0);
    const codePage = await agent.get('/logga-in/kod');
    assert.equal(codePage.status, 303);
    assert.equal(codePage.headers.location, '/logga-in');
    const mine = await agent.get('/mina-sidor');
    assert.match(mine.headers.location ?? '', /^\/logga-in/);
    const { $ } = await getPage(agent, '/logga-in');
    assert.equal(textOf($, 'h1'), 'Logga in');
  });

  it('tells staff about their app and the administrator, not a code list', async () => {
    const { app, services } = testApp();
    const staff = await createStaff(services, [{ municipalityCode: '9901', role: 'caseworker' }]);
    const agent = agentFor(app);
    await postPassword(
      agent,
      { identitet: staff.username, losenord: staff.password },
      '/personal/logga-in',
    );
    const response = await requestSmsCode(agent);
    assert.equal(response.status, 502);
    assert.match(response.text, /använd din autentiseringsapp om du har en/);
    assert.match(response.text, /Kontakta systemadministratören i din kommun\./);
    assert.doesNotMatch(response.text, /kodlista/);
  });
});
