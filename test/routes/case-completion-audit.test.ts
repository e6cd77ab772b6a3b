import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { changeStatus, pressButton, sendApplication } from '../helpers/cases';
import {
  answerRow,
  caseUnderHandling,
  markAnswer,
  markMissingFile,
  postFormOf,
} from '../helpers/completion';
import { databaseTargets } from '../helpers/database-targets';
import { buttonNamed, fieldByLabel } from '../helpers/fields';
import { errorSummaryLinks, getPage, textOf } from '../helpers/http';
import { ManualClock } from '../helpers/manual-clock';
import type { TestApp } from '../helpers/test-services';

const REFUSED = (label: string) =>
  `Texten i ”${label}” hade ett osynligt tecken som inte går att använda. Vi har tagit bort det. Kontrollera texten och försök igen.`;

async function auditOf(testApp: TestApp, response: { headers: Record<string, unknown> }) {
  const events = await testApp.services.auditLog.ofRequest(
    String(response.headers['x-request-id']),
  );
  return events.map((event) => [event.action, event.outcome]);
}

for (const target of databaseTargets()) {
  describe(
    `free texts and audit rows of marks, requests and status on ${target.name}`,
    {
      skip: target.skip,
    },
    () => {
      let current: TestApp;
      const testApp = () => current;

      before(async () => {
        const opened = await target.open({ clock: new ManualClock('2026-11-24T08:30:00Z') });
        const { createApp } = await import('../../app');
        current = { ...opened, app: createApp(opened.services) };
      });
      after(async () => {
        await current.cleanup();
      });

      it('SEC-29 a refused completion request writes exactly one "change denied" row, whatever was wrong', async () => {
        const { casePath, caseworker } = await caseUnderHandling(testApp());
        await markAnswer(caseworker.agent, casePath, 'Gatuadress', 'Stämmer inte.');
        const page = await getPage(caseworker.agent, `${casePath}/komplettering`);
        assert.deepEqual(await auditOf(testApp(), page.response), [['view', 'ok']]);
        const form = buttonNamed(page.$, 'Begär komplettering').closest('form');
        const refusals: { due: string; message: string }[] = [
          { due: '', message: 'Hej' },
          { due: '31 juni 2027', message: 'Hej' },
          { due: '2026-11-23', message: 'Hej' },
          { due: '2026-12-01', message: 'x'.repeat(1001) },
          { due: '2026-12-01', message: 'Hej\u0000' },
        ];
        for (const fields of refusals) {
          const refused = await postFormOf(caseworker.agent, form as never, {
            'sista-dag': fields.due,
            meddelande: fields.message,
          });
          assert.equal(refused.response.status, 400, JSON.stringify(fields));
          assert.deepEqual(
            await auditOf(testApp(), refused.response),
            [['change', 'invalid']],
            JSON.stringify(fields),
          );
        }
        const done = await postFormOf(caseworker.agent, form as never, {
          'sista-dag': '2026-12-01',
          meddelande: '',
        });
        assert.equal(done.response.status, 303);
        assert.deepEqual(await auditOf(testApp(), done.response), [['change', 'ok']]);
      });

      it('SEC-23 a completion message with NUL or a bidi override is refused in Swedish, the text kept without it', async () => {
        const { casePath, caseworker, sent } = await caseUnderHandling(testApp());
        await markAnswer(caseworker.agent, casePath, 'Gatuadress', 'Stämmer inte.');
        const page = await getPage(caseworker.agent, `${casePath}/komplettering`);
        const form = buttonNamed(page.$, 'Begär komplettering').closest('form');
        for (const bad of ['\u0000', '\u202e', '\u2066', '\u001b']) {
          const refused = await postFormOf(caseworker.agent, form as never, {
            'sista-dag': '2026-12-01',
            meddelande: `Skicka\r\nhyresavin${bad} för november.`,
          });
          assert.equal(refused.response.status, 400);
          assert.deepEqual(errorSummaryLinks(refused.$), [
            { text: REFUSED('Meddelande till den sökande'), href: '#meddelande' },
          ]);
          assert.equal(
            fieldByLabel(refused.$, 'Meddelande till den sökande').val(),
            'Skicka\nhyresavin för november.',
          );
        }
        const requests = await testApp()
          .services.database.db.selectFrom('completion_request')
          .select('id')
          .where('application_id', '=', sent.id)
          .execute();
        assert.equal(requests.length, 0);
        const sentOk = await postFormOf(caseworker.agent, form as never, {
          'sista-dag': '2026-12-01',
          meddelande: 'Skicka\r\nhyresavin för november.',
        });
        assert.equal(sentOk.response.status, 303, 'a line break is fine');
      });

      it('SEC-23 a mark reason with NUL or a bidi override is refused in Swedish, kept in its form, nothing stored', async () => {
        const { casePath, caseworker, sent } = await caseUnderHandling(testApp());
        const marked = await markAnswer(caseworker.agent, casePath, 'Gatuadress', 'Fel\u0000 gata');
        assert.equal(marked.response.status, 303);
        assert.deepEqual(await auditOf(testApp(), marked.response), [['change', 'invalid']]);
        const shown = await getPage(caseworker.agent, String(marked.response.headers.location));
        assert.ok(
          textOf(shown.$, 'main').includes(REFUSED('Varför är det fel eller vad saknas?')),
          'the message',
        );
        const row = answerRow(shown.$, 'Gatuadress');
        assert.equal(row.find('textarea').val(), 'Fel gata');
        assert.notEqual(row.find('details').attr('open'), undefined, 'its form open');
        const again = await getPage(caseworker.agent, casePath);
        assert.equal(answerRow(again.$, 'Gatuadress').find('textarea').val(), '', 'shown once');

        const missing = await markMissingFile(
          caseworker.agent,
          casePath,
          'Hyresavi eller hyreskontrakt',
          'Saknas \u202eivayrh',
        );
        assert.equal(missing.response.status, 303);
        const shownItem = await getPage(
          caseworker.agent,
          String(missing.response.headers.location),
        );
        assert.equal(shownItem.$('#mark-item-reason').val(), 'Saknas ivayrh');
        const marks = await testApp()
          .services.database.db.selectFrom('case_mark')
          .select('id')
          .where('application_id', '=', sent.id)
          .execute();
        assert.equal(marks.length, 0);
      });

      it('no status chosen: "Välj en ny status." and the reason typed is still in its box', async () => {
        const sent = await sendApplication(testApp());
        const { caseworker } = await caseUnderHandling(testApp());
        const casePath = `/handlaggare/arenden/${sent.id}`;
        const reason = 'Sökanden har flyttat till en annan kommun den 1 december.';
        const refused = await pressButton(caseworker.agent, casePath, 'Ändra status', {
          orsak: reason,
        });
        assert.equal(refused.response.status, 303);
        const shown = await getPage(caseworker.agent, String(refused.response.headers.location));
        assert.deepEqual(
          errorSummaryLinks(shown.$).map((link) => link.text),
          ['Välj en ny status.'],
        );
        assert.equal(shown.$('#orsak').val(), reason);
        // Shown once: a reload has an empty box again.
        const again = await getPage(caseworker.agent, String(refused.response.headers.location));
        assert.equal(again.$('#orsak').val() ?? '', '');
      });

      it('SEC-23 a status reason with NUL or a bidi override is refused in Swedish, kept, the status unchanged', async () => {
        const sent = await sendApplication(testApp());
        const { caseworker } = await caseUnderHandling(testApp());
        const casePath = `/handlaggare/arenden/${sent.id}`;
        for (const bad of ['\u0000', '\u202d']) {
          const { response: refused } = await changeStatus(
            caseworker.agent,
            casePath,
            'Under handläggning',
            `Jag${bad} börjar.`,
          );
          assert.equal(refused.status, 303);
          assert.deepEqual(await auditOf(testApp(), refused), [['change', 'invalid']]);
          const shown = await getPage(caseworker.agent, String(refused.headers.location));
          assert.deepEqual(errorSummaryLinks(shown.$), [
            { text: REFUSED('Orsak'), href: '#orsak' },
          ]);
          assert.equal(shown.$('#orsak').val(), 'Jag börjar.');
        }
        const row = await testApp()
          .services.database.db.selectFrom('application')
          .select('status')
          .where('id', '=', sent.id)
          .executeTakeFirstOrThrow();
        assert.equal(row.status, 'inkommen');
        const { response: moved } = await changeStatus(
          caseworker.agent,
          casePath,
          'Under handläggning',
          'Jag\r\nbörjar.',
        );
        assert.equal(moved.status, 303);
        assert.deepEqual(await auditOf(testApp(), moved), [['change', 'ok']]);
      });
    },
  );
}
