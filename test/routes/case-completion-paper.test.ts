import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { caseUnderHandling, markAnswer } from '../helpers/completion';
import { buttonNamed, linkNamed } from '../helpers/fields';
import { csrfTokenOf, errorSummaryLinks, getPage, textOf } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import { useTestApp } from '../helpers/test-services';
import * as cheerio from 'cheerio';

const NO_ACCOUNT =
  'Den sökande har inget konto i e-tjänsten. Kontakta den sökande per brev eller telefon.';

describe('Begär komplettering on a paper case without an account', () => {
  const testApp = useTestApp({ clock: new ManualClock('2026-11-24T08:30:00Z') });

  it('is not offered: the case page and the request page say to write or call; a crafted post changes nothing', async () => {
    const { casePath, caseworker, sent } = await caseUnderHandling(testApp());
    const { agent } = caseworker;
    await markAnswer(agent, casePath, 'Postnummer', 'Postnumret stämmer inte med adressen.');
    // As a paper application registered by a caseworker is: sent by post, no owner account.
    const db = testApp().services.database.db;
    await db
      .updateTable('application')
      .set({ owner_id: null, channel: 'post' })
      .where('id', '=', sent.id)
      .execute();

    const casePage = await getPage(agent, casePath);
    assert.equal(casePage.response.status, 200);
    assert.equal(linkNamed(casePage.$, 'Begär komplettering').length, 0);
    assert.match(textOf(casePage.$, '.portal-marks'), new RegExp(NO_ACCOUNT.replace(/\./g, '\\.')));
    // Nobody saw an estimate on paper: the case page does not say the applicant did.
    assert.match(
      textOf(casePage.$, 'main'),
      /Beräkningen är gjord från svaren i pappersansökan när den registrerades\. En ansökan utskriven från e-tjänsten har en egen beräkning, av svaren som de var när den skrevs ut\./,
    );
    assert.doesNotMatch(textOf(casePage.$, 'main'), /Så här såg beräkningen ut för den sökande/);

    const requestPath = `${casePath}/komplettering`;
    const requestPage = await getPage(agent, requestPath);
    assert.equal(requestPage.response.status, 200);
    assert.match(textOf(requestPage.$, 'main'), new RegExp(NO_ACCOUNT.replace(/\./g, '\\.')));
    assert.equal(buttonNamed(requestPage.$, 'Begär komplettering').length, 0, 'no form');

    const posted = await agent
      .post(requestPath)
      .type('form')
      .send({ 'sista-dag': '2026-12-01', meddelande: '', _csrf: csrfTokenOf(casePage.$) });
    assert.equal(posted.status, 400);

    assert.deepEqual(
      errorSummaryLinks(cheerio.load(posted.text)).map((link) => link.text),
      [NO_ACCOUNT],
    );
    const stored = await db
      .selectFrom('application')
      .select('status')
      .where('id', '=', sent.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.status, 'under-handlaggning');
    const requests = await db
      .selectFrom('completion_request')
      .select('id')
      .where('application_id', '=', sent.id)
      .execute();
    assert.deepEqual(requests, []);
  });
});
