import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as cheerio from 'cheerio';
import { decodeAnswers } from '../../services/paper-qr';
import {
  answersFor,
  chooseMunicipality,
  familyAnswers,
  fillApplication,
  fixedClock,
  postStep,
  rowVersionOf,
} from '../helpers/application';
import { agentFor, csrfTokenOf, getPage, textOf, type Agent } from '../helpers/http';
import { pdfPageCount, pdfQrCodes, pdfText, popplerSkipReason } from '../helpers/pdf';
import { createTestApp, useTestApp } from '../helpers/test-services';

async function downloadPdf(agent: Agent) {
  return agent
    .get('/ansokan/ekonomiskt-bistand/ansokan.pdf')
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

function sessionIdOf(agent: Agent): string {
  const cookie = (
    agent as unknown as {
      jar: { getCookie(name: string, access: unknown): { value: string } | undefined };
    }
  ).jar.getCookie('portal.sid', { domain: '127.0.0.1', path: '/', secure: false, script: false });
  const value = decodeURIComponent(cookie?.value ?? '');
  return value.slice(2, value.lastIndexOf('.'));
}

describe('the application without an account', () => {
  const testApp = useTestApp({ clock: fixedClock });

  it('a family fills every step, reviews the answers, and gets a PDF with them all', async (t) => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);

    const { response, $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/granska');
    assert.equal(response.status, 200);
    const review = textOf($, 'main');
    for (const expected of [
      'Łukasz',
      'Øvergård',
      '19850101-1236',
      'Nguyễn Thị',
      '19870312-4563',
      'Anna Øvergård',
      '20160524-9877',
      'Storgatan 5 B',
      '8 450,50 kr',
      '7 850 kr',
      'Preliminär beräkning – inte ett beslut',
      '13 339,50 kr',
    ]) {
      assert.ok(review.includes(expected), `review shows ${expected}`);
    }
    assert.equal($('a[href="/ansokan/ekonomiskt-bistand/medsokande?granska=1"]').length, 1);

    const pdf = await downloadPdf(agent);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(
      pdf.headers['content-disposition'] ?? '',
      /^attachment; filename="ansokan-ekonomiskt-bistand-2026-12\.pdf"$/,
    );
    assert.equal(pdf.headers['cache-control'], 'no-store');
    const body = pdf.body as Buffer;
    assert.equal(body.subarray(0, 5).toString(), '%PDF-');

    const skip = popplerSkipReason();
    if (skip) {
      t.skip(skip);
      return;
    }
    const text = pdfText(body);
    for (const expected of [
      'Socialtjänsten, enheten för ekonomiskt bistånd',
      'Box 101',
      '123 45 Exempelby',
      'Ansökan om ekonomiskt bistånd – december 2026',
      'Łukasz',
      'Øvergård',
      'Nguyễn Thị',
      '19870312-4563',
      'Anna Øvergård',
      'Städbolaget AB',
      '8 450,50 kr',
      'Preliminär beräkning – inte ett beslut',
      '13 339,50 kr',
      'Underskrift: Łukasz Øvergård',
      'Underskrift: Nguyễn Thị Minh',
      'Jag intygar att uppgifterna i ansökan är sanna och fullständiga',
      'Kontoutdrag för de senaste 3 månaderna',
    ]) {
      assert.ok(text.includes(expected), `PDF has ${expected}`);
    }
    const pages = pdfPageCount(body);
    assert.ok(pages >= 2);
    for (let page = 1; page <= pages; page++) assert.ok(text.includes(`Sida ${page} av ${pages}`));
    assert.equal(
      text.split('Ej underskriven utskrift – skriv under och skicka till kommunen').length - 1,
      pages,
    );

    const decoded = decodeAnswers(pdfQrCodes(body));
    const session = await testApp().services.sessionStore.read(sessionIdOf(agent));
    const draftId = session?.drafts?.['ekonomiskt-bistand'] ?? '';
    const stored = await testApp().services.applications.find({ kind: 'anonymous' }, draftId);
    assert.equal(decoded.formId, 'ekonomiskt-bistand');
    assert.equal(decoded.formVersion, 1);
    assert.deepEqual(decoded.values, stored?.draft.values);
    assert.equal(decoded.values['om-dig']?.personnummer, '198501011236');
    assert.deepEqual(
      (decoded.values.inkomster?.incomes as { amount: number }[]).map((income) => income.amount),
      [845050, 250000],
    );
  });

  it('Ändra on the review page saves and comes back to the review', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const { $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/boende?granska=1');
    assert.equal(
      $('form.portal-form').attr('action'),
      '/ansokan/ekonomiskt-bistand/boende?granska=1',
    );
    assert.equal(
      textOf($, '.portal-step-buttons button[value=next]'),
      'Spara och gå till granskningen',
    );
    const answers = { ...answersFor('boende'), street: 'Nya vägen 1' };
    const response = await agent
      .post('/ansokan/ekonomiskt-bistand/boende?granska=1')
      .type('form')
      .send({ ...answers, _action: 'next', _csrf: csrfTokenOf($), _version: rowVersionOf($) });
    assert.equal(response.headers.location, '/ansokan/ekonomiskt-bistand/granska');
    const { $: review } = await getPage(agent, '/ansokan/ekonomiskt-bistand/granska');
    assert.ok(textOf(review, 'main').includes('Nya vägen 1'));
  });

  it('answers hidden since (a partner who is gone) are left out of the PDF and its QR codes', async (t) => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const single = await postStep(agent, 'om-dig', {
      ...answersFor('om-dig'),
      civilStatus: 'ensamstaende',
    });
    assert.equal(single.status, 303);
    const incomes = await postStep(agent, 'inkomster', {
      ...answersFor('inkomster'),
      'incomes.0.person': 'sokande',
    });
    assert.equal(incomes.headers.location, '/ansokan/ekonomiskt-bistand/tillgangar');
    const pdf = (await downloadPdf(agent)).body as Buffer;
    const skip = popplerSkipReason();
    if (skip) {
      t.skip(skip);
      return;
    }
    const text = pdfText(pdf);
    assert.ok(!text.includes('19870312-4563'));
    assert.ok(!text.includes('Underskrift: Nguyễn'));
    const decoded = decodeAnswers(pdfQrCodes(pdf));
    assert.equal(decoded.values.medsokande, undefined);
    assert.equal(decoded.values.sysselsattning?.partner, undefined);
    assert.ok(!JSON.stringify(decoded.values).includes('198703124563'));
  });

  it('a changed answer reopens a later step it makes wrong (an income for a partner who is gone)', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    await postStep(agent, 'om-dig', { ...answersFor('om-dig'), civilStatus: 'ensamstaende' });
    assert.equal(
      (await agent.get('/ansokan/ekonomiskt-bistand/granska')).headers.location,
      '/ansokan/ekonomiskt-bistand/inkomster',
    );
    const again = await postStep(agent, 'inkomster', answersFor('inkomster'));
    assert.equal(again.status, 400);
    assert.equal(
      textOf(cheerio.load(again.text), '#f-incomes-0-person-error'),
      'Du har valt ”Min medsökande”, men du har ingen medsökande. Välj ”Jag”.',
    );
  });

  it('adding or removing a row makes the step count as not done until Nästa', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const added = await postStep(agent, 'barn', answersFor('barn'), 'add:children');
    assert.equal(added.status, 303);
    assert.equal(
      (await agent.get('/ansokan/ekonomiskt-bistand/granska')).headers.location,
      '/ansokan/ekonomiskt-bistand/barn',
    );
  });

  it('step order: a later step redirects to the first one not done', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    const jump = await agent.get('/ansokan/ekonomiskt-bistand/kostnader');
    assert.equal(jump.status, 303);
    assert.equal(jump.headers.location, '/ansokan/ekonomiskt-bistand/period');
    const post = await agent.post('/ansokan/ekonomiskt-bistand/kostnader').type('form').send({});
    assert.equal(post.status, 403, 'without a token nothing is accepted');
    assert.equal(
      (await agent.get('/ansokan/ekonomiskt-bistand/granska')).headers.location,
      '/ansokan/ekonomiskt-bistand/period',
    );
    assert.equal(
      (await agent.get('/ansokan/ekonomiskt-bistand/ansokan.pdf')).headers.location,
      '/ansokan/ekonomiskt-bistand/period',
    );
    await postStep(agent, 'period', answersFor('period'));
    assert.equal(
      (await agent.get('/ansokan/ekonomiskt-bistand/barn')).headers.location,
      '/ansokan/ekonomiskt-bistand/om-dig',
    );
    assert.equal((await agent.get('/ansokan')).headers.location, '/ansokan/ekonomiskt-bistand');
    assert.equal(
      (await agent.get('/ansokan/ekonomiskt-bistand')).headers.location,
      '/ansokan/ekonomiskt-bistand/om-dig',
    );
  });

  it('without a municipality the journey starts by choosing one', async () => {
    const response = await agentFor(testApp().app).get('/ansokan/ekonomiskt-bistand/period');
    assert.equal(response.headers.location, '/kommun');
  });

  it('showIf: a single applicant never sees the medsökande step and it is not required', async () => {
    const agent = agentFor(testApp().app);
    const single = familyAnswers
      .filter(([stepId]) => stepId !== 'medsokande')
      .map(([stepId, answers]): [string, typeof answers] => {
        if (stepId === 'om-dig') return [stepId, { ...answers, civilStatus: 'ensamstaende' }];
        if (stepId === 'sysselsattning') return [stepId, { applicant: ['arbetssokande'] }];
        if (stepId === 'inkomster') {
          return [
            stepId,
            {
              'incomes.0.person': 'sokande',
              'incomes.0.type': 'a-kassa',
              'incomes.0.amount': '6000',
            },
          ];
        }
        return [stepId, answers];
      });
    await chooseMunicipality(agent);
    await postStep(agent, 'period', answersFor('period', single));
    const afterAboutYou = await postStep(agent, 'om-dig', answersFor('om-dig', single));
    assert.equal(afterAboutYou.headers.location, '/ansokan/ekonomiskt-bistand/barn');
    assert.equal(
      (await agent.get('/ansokan/ekonomiskt-bistand/medsokande')).headers.location,
      '/ansokan/ekonomiskt-bistand/barn',
    );
    const { $: occupation } = await getPage(agent, '/ansokan/ekonomiskt-bistand/barn');
    assert.equal(textOf(occupation, '.portal-step-of'), 'Steg 3 av 11');
    await fillApplication(agent, single.slice(2));

    const { $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/granska');
    assert.equal($('#review-medsokande').length, 0);
    assert.ok(!textOf($, 'main').includes('Vad gör din medsökande'));
  });

  it('a same-step showIf: the follow-up is required only when its answer is given', async () => {
    const agent = agentFor(testApp().app);
    await chooseMunicipality(agent);
    const rejected = await postStep(agent, 'period', {
      period: '2026-12',
      changes: 'ja',
      changesText: '',
    });
    assert.equal(rejected.status, 400);
    const $ = cheerio.load(rejected.text);
    assert.equal(
      textOf($, '#f-changesText-error'),
      'Du har inte fyllt i ”Berätta vad som har ändrats”.',
    );
    assert.equal(
      $('#f-changesText').closest('[data-show-if-name]').attr('data-show-if-name'),
      'changes',
    );
    const accepted = await postStep(agent, 'period', {
      period: '2026-12',
      changes: 'nej',
      changesText: 'kvar från förut',
    });
    assert.equal(accepted.status, 303);
  });

  it('group rows are added and removed without JavaScript, keeping what was typed', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, familyAnswers.slice(0, 3));
    const added = await postStep(
      agent,
      'barn',
      { hasChildren: 'ja', 'children.0.name': 'Anna', 'children.0.personnummer': '160524-9877' },
      'add:children',
    );
    assert.equal(added.status, 303);
    assert.equal(added.headers.location, '/ansokan/ekonomiskt-bistand/barn#f-children-1');
    const { $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/barn');
    assert.equal($('fieldset.portal-group__row').length, 2);
    assert.equal($('#f-children-0-name').val(), 'Anna');
    assert.equal($('#f-children-1-name').val(), '');
    assert.equal(textOf($, '#f-children-1 > legend'), 'Barn 2');
    assert.equal(
      $('label[for="f-children-1-name"]').text().trim().startsWith('Barnets namn'),
      true,
    );

    const removed = await postStep(
      agent,
      'barn',
      {
        hasChildren: 'ja',
        'children.0.name': 'Anna',
        'children.0.personnummer': '160524-9877',
        'children.1.name': 'Bo',
      },
      'remove:children:0',
    );
    assert.equal(removed.status, 303);
    const { $: after } = await getPage(agent, '/ansokan/ekonomiskt-bistand/barn');
    assert.equal(after('fieldset.portal-group__row').length, 1);
    assert.equal(after('#f-children-0-name').val(), 'Bo');
    assert.equal(
      after('button[value^="remove:children"]').length,
      0,
      'the last required row stays',
    );
  });

  it('Tillbaka saves what was typed, even when it is not finished', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent, familyAnswers.slice(0, 1));
    const back = await postStep(
      agent,
      'om-dig',
      { firstName: 'Łukasz', personnummer: '85010' },
      'back',
    );
    assert.equal(back.headers.location, '/ansokan/ekonomiskt-bistand/period');
    const { $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/om-dig');
    assert.equal($('#f-firstName').val(), 'Łukasz');
    assert.equal($('#f-personnummer').val(), '85010');
  });

  it('"Avbryt och radera" deletes the draft and ends the session after a confirmation', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const { $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/avbryt');
    assert.equal(textOf($, 'h1'), 'Vill du radera dina uppgifter?');
    const sid = sessionIdOf(agent);
    const deleted = await agent
      .post('/ansokan/ekonomiskt-bistand/avbryt')
      .type('form')
      .send({ _csrf: $('input[name=_csrf]').val() });
    assert.equal(deleted.headers.location, '/?raderat=1');
    assert.equal(await testApp().services.sessionStore.read(sid), null);
    const { $: start } = await getPage(agent, '/?raderat=1');
    assert.equal(
      textOf(start, '.message-box--success'),
      'Dina uppgifter är raderade. Du kan stänga webbläsaren.',
    );
    assert.equal(
      (await agent.get('/ansokan/ekonomiskt-bistand/granska')).headers.location,
      '/kommun',
    );

    const { $: done } = await getPage(agentFor(testApp().app), '/');
    assert.equal(done('.message-box--success').length, 0);
  });

  it('the page after printing says where to send it and offers to delete everything', async () => {
    const agent = agentFor(testApp().app);
    await fillApplication(agent);
    const { $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/klar');
    assert.equal(
      $('a[href="/ansokan/ekonomiskt-bistand/ansokan.pdf"]').text().trim(),
      'Ladda ner ansökan (PDF)',
    );
    assert.ok(textOf($, 'address').includes('Box 101'));
    assert.equal(
      $('form[action="/ansokan/ekonomiskt-bistand/avbryt"] button').text().trim(),
      'Ja, radera mina uppgifter',
    );
  });
});

describe('the idle-timeout warning', () => {
  it('every step says when data is deleted; "Jag behöver mer tid" renews the session, with or without JS', async () => {
    const opened = await createTestApp({ clock: fixedClock });
    try {
      const agent = agentFor(opened.app);
      await chooseMunicipality(agent);
      const { $ } = await getPage(agent, '/ansokan/ekonomiskt-bistand/period');
      assert.ok(textOf($, '.portal-timeout-note').includes('30 minuter'));
      const link = $('#keep-alive').attr('href') ?? '';
      assert.equal(link, '/ansokan/forlang?tillbaka=%2Fansokan%2Fekonomiskt-bistand%2Fperiod');
      assert.notEqual($('#timeout-warning').attr('hidden'), undefined, 'shown by JS only when due');

      const plain = await agent.get(link);
      assert.equal(plain.status, 303);
      assert.equal(plain.headers.location, '/ansokan/ekonomiskt-bistand/period');
      assert.match(String(plain.headers['set-cookie']), /portal\.sid=/, 'the cookie is renewed');

      const script = await agent.get(link).set('Accept', 'application/json');
      assert.deepEqual(script.body, { idleMinutes: 30 });

      const elsewhere = await agent.get('/ansokan/forlang?tillbaka=https://evil.example');
      assert.equal(elsewhere.headers.location, '/ansokan');
    } finally {
      await opened.cleanup();
    }
  });
});
