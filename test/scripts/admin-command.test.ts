import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runAdminCommand } from '../../scripts/admin-command';
import { fillIn } from '../helpers/account';
import { agentFor, getPage, textOf } from '../helpers/http';
import { latestSmsCode, postCode, postPassword, requestSmsCode } from '../helpers/login';
import { createStaff, staffAgent } from '../helpers/staff';
import { useTestApp, type TestApp } from '../helpers/test-services';

const MUNICIPALITY = [
  'municipality',
  'add',
  '--code',
  '0180',
  '--name',
  'Stockholms stad',
  '--unit',
  'Socialtjänsten',
  '--street',
  'Storgatan 1',
  '--postal-code',
  '111 22',
  '--city',
  'Stockholm',
  '--phone',
  '08-123 456',
  '--email',
  'soc@example.se',
];

/** Runs `npm run admin -- …` against the test app's database; its exit code and what it said. */
async function admin(testApp: TestApp, ...argv: string[]) {
  const lines: string[] = [];
  const code = await runAdminCommand(argv, testApp.services.installationAdmin, (line) =>
    lines.push(line),
  );
  return { code, said: lines.join('\n') };
}

/** The audit rows the command line wrote (no actor, no request): action, municipality, subject, detail. */
async function commandLineAudit(testApp: TestApp) {
  const rows = await testApp.services.database.db
    .selectFrom('audit_event')
    .select(['action', 'outcome', 'municipality', 'subject', 'detail'])
    .where('actor_id', 'is', null)
    .where('request_id', 'is', null)
    .orderBy('at')
    .execute();
  return rows.map((row) => [row.action, row.outcome, row.municipality, row.subject, row.detail]);
}

/** Both login steps; false when the password step is refused. */
async function logsIn(testApp: TestApp, username: string, password: string, mobile: string) {
  const agent = agentFor(testApp.app);
  const step = await postPassword(
    agent,
    { identitet: username, losenord: password },
    '/personal/logga-in',
  );
  if (step.status !== 303) return { agent, ok: false };
  await requestSmsCode(agent);
  const { response } = await postCode(agent, 'sms', await latestSmsCode(testApp.services, mobile));
  return { agent, ok: response.status === 303 };
}

describe('npm run admin: setting up municipalities and staff without a page for it', () => {
  const testApp = useTestApp();

  it('SEC-29 a new installation gets its municipality and first administrator, who logs in with the temporary password; each change is audited', async () => {
    const before = (await commandLineAudit(testApp())).length;
    const noMunicipality = await admin(
      testApp(),
      'staff',
      'add',
      '--username',
      'Anna.Berg',
      '--name',
      'Anna Berg',
      '--mobile',
      '070-123 45 67',
      '--municipality',
      '0180',
      '--role',
      'admin',
    );
    assert.equal(noMunicipality.code, 1);
    assert.match(noMunicipality.said, /No municipality 0180: add it first/);

    assert.equal((await admin(testApp(), ...MUNICIPALITY)).code, 0);
    assert.equal((await testApp().services.municipalities.find('0180'))?.name, 'Stockholms stad');
    const added = await admin(
      testApp(),
      'staff',
      'add',
      '--username',
      'Anna.Berg',
      '--name',
      'Anna Berg',
      '--mobile',
      '070-123 45 67',
      '--municipality',
      '0180',
      '--role',
      'admin',
    );
    assert.equal(added.code, 0, added.said);
    const password = /shown once\): (\S+)/.exec(added.said)?.[1] ?? '';
    assert.match(password, /^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);

    const { agent, ok } = await logsIn(testApp(), 'anna.berg', password, '+46701234567');
    assert.ok(ok);
    // A handed-out password: first a password of her own (test/routes/staff-temporary-password).
    const first = await agent.get('/handlaggare');
    assert.equal(first.headers.location, '/handlaggare/konto/losenord');
    const own = 'en mening som bara jag kan';
    const chosen = await fillIn(agent, '/handlaggare/konto/losenord', {
      'Nuvarande lösenord': password,
      'Nytt lösenord': own,
      'Skriv det nya lösenordet igen': own,
    });
    assert.equal(chosen.response.status, 303);
    const home = await getPage(agent, '/handlaggare');
    assert.match(textOf(home.$, 'main'), /Stockholms stad: administratör/);

    const again = await admin(
      testApp(),
      'staff',
      'add',
      '--username',
      'anna.berg',
      '--name',
      'Anna B',
      '--mobile',
      '070-123 45 67',
      '--municipality',
      '0180',
      '--role',
      'caseworker',
    );
    assert.deepEqual(
      [again.code, again.said],
      [1, 'A staff account named anna.berg exists already'],
    );
    const account = await testApp().services.accounts.findStaff('anna.berg');
    assert.deepEqual((await commandLineAudit(testApp())).slice(before), [
      ['change', 'ok', '0180', 'municipality:0180', 'municipality'],
      ['change', 'ok', '0180', account?.id, 'staffAdded'],
    ]);
  });

  it('a municipality with a slip in its details (printed on every letter) is refused, each named; nothing is added', async () => {
    const slips: Record<string, string> = {
      '--postal-code': 'abc',
      '--phone': 'x',
      '--email': 'notanemail',
    };
    const argv = MUNICIPALITY.map((value, at) =>
      at > 0 && slips[MUNICIPALITY[at - 1] ?? ''] !== undefined
        ? (slips[MUNICIPALITY[at - 1] ?? ''] ?? value)
        : value,
    ).map((value) => (value === '0180' ? '0182' : value));
    const refused = await admin(testApp(), ...argv, '--website', 'notaurl');
    assert.equal(refused.code, 1);
    assert.equal(
      refused.said,
      [
        '--postal-code: five digits, e.g. "111 22"',
        '--phone: a phone number, e.g. "08-123 456"',
        '--email: an e-mail address, e.g. socialtjansten@kommun.se',
        '--website: an address starting with https://, e.g. https://www.kommun.se',
      ].join('\n'),
    );
    assert.equal(await testApp().services.municipalities.find('0182'), undefined);
    // Written as typed people do, it is stored as letters print it.
    const fixed = MUNICIPALITY.map((value) =>
      value === '0180' ? '0182' : value === '111 22' ? '11122' : value,
    );
    assert.equal((await admin(testApp(), ...fixed)).code, 0);
    assert.equal((await testApp().services.municipalities.find('0182'))?.postalCode, '111 22');

    // A new phone number later: only what is given changes, checked as when added.
    const wrong = await admin(
      testApp(),
      'municipality',
      'update',
      '--code',
      '0182',
      '--phone',
      'x',
    );
    assert.equal(wrong.code, 1);
    assert.equal(wrong.said, '--phone: a phone number, e.g. "08-123 456"');
    const updated = await admin(
      testApp(),
      'municipality',
      'update',
      '--code',
      '0182',
      '--phone',
      '08-555 000',
    );
    assert.equal(updated.code, 0, updated.said);
    const after = await testApp().services.municipalities.find('0182');
    assert.deepEqual([after?.phone, after?.name], ['08-555 000', 'Stockholms stad']);
    const listed = (await admin(testApp(), 'municipality', 'list')).said.split('\n');
    assert.ok(
      listed.includes(
        '0182\tStockholms stad\tSocialtjänsten\tStorgatan 1, 111 22 Stockholm\t08-555 000\tsoc@example.se\tno website',
      ),
      listed.join('\n'),
    );
  });

  it('SEC-12 SEC-29 SEC-30 grants are given and taken at once; a lost phone, a forgotten password and someone who left each end the sessions', async () => {
    const staff = await staffAgent(testApp(), [{ municipalityCode: '9901', role: 'caseworker' }]);
    const before = (await commandLineAudit(testApp())).length;
    const name = ['--username', staff.staff.username];

    assert.equal(
      (
        await admin(
          testApp(),
          'staff',
          'grant',
          ...name,
          '--municipality',
          '9902',
          '--role',
          'readonly',
        )
      ).code,
      0,
    );
    let home = await getPage(staff.agent, '/handlaggare');
    assert.match(textOf(home.$, 'main'), /Provsala kommun: läsbehörighet/);
    assert.equal(
      (await admin(testApp(), 'staff', 'revoke', ...name, '--municipality', '9902')).code,
      0,
    );
    assert.deepEqual(await testApp().services.accounts.grantsOf(staff.staff.account.id), [
      { municipalityCode: '9901', role: 'caseworker' },
    ]);
    const noGrant = await admin(testApp(), 'staff', 'revoke', ...name, '--municipality', '9902');
    assert.equal(noGrant.code, 1);
    assert.match(noGrant.said, /has no grant in 9902/);
    home = await getPage(staff.agent, '/handlaggare');
    assert.equal(home.response.status, 200);
    assert.doesNotMatch(textOf(home.$, 'main'), /Provsala kommun/);

    // Lost phone: the SMS goes to the new number, and the old phone's session is over.
    const phone = await admin(testApp(), 'staff', 'phone', ...name, '--mobile', '0709998877');
    assert.equal(phone.code, 0, phone.said);
    assert.equal(
      phone.said,
      `${staff.staff.username}: no authenticator app to remove, logged out; next login by SMS to 070-999 88 77.`,
    );
    assert.equal((await staff.agent.get('/handlaggare')).status, 303);
    const byNewPhone = await logsIn(
      testApp(),
      staff.staff.username,
      staff.staff.password,
      '+46709998877',
    );
    assert.ok(byNewPhone.ok);

    // Forgotten password: the old one no longer works, the temporary one does.
    const reset = await admin(testApp(), 'staff', 'password', ...name);
    const temporary = /shown once\): (\S+)/.exec(reset.said)?.[1] ?? '';
    assert.equal((await byNewPhone.agent.get('/handlaggare')).status, 303);
    assert.equal(
      (await logsIn(testApp(), staff.staff.username, staff.staff.password, '+46709998877')).ok,
      false,
    );
    const withTemporary = await logsIn(testApp(), staff.staff.username, temporary, '+46709998877');
    assert.ok(withTemporary.ok);
    // The list says a handed-out password is waiting, and until when.
    const listed = (await admin(testApp(), 'staff', 'list')).said
      .split('\n')
      .find((line) => line.startsWith(`${staff.staff.username}\t`));
    assert.match(listed ?? '', /\tactive\ttemporary password until \d{4}-\d{2}-\d{2}$/);

    // Left: logged out now, and no more logins.
    assert.equal((await admin(testApp(), 'staff', 'disable', ...name)).code, 0);
    assert.equal((await withTemporary.agent.get('/handlaggare')).status, 303);
    assert.equal(
      (await logsIn(testApp(), staff.staff.username, temporary, '+46709998877')).ok,
      false,
    );
    const twice = await admin(testApp(), 'staff', 'disable', ...name);
    assert.deepEqual([twice.code, twice.said], [1, `${staff.staff.username} is disabled already`]);
    // A password for someone who left is refused; someone who is back is enabled, with a new one.
    const refused = await admin(testApp(), 'staff', 'password', ...name);
    assert.equal(refused.code, 1);
    assert.match(
      refused.said,
      /is disabled: no password was set\. Someone who is back: "staff enable"\./,
    );
    const enabled = await admin(testApp(), 'staff', 'enable', ...name);
    assert.equal(enabled.code, 0, enabled.said);
    const back = /shown once\): (\S+)/.exec(enabled.said)?.[1] ?? '';
    assert.notEqual(back, temporary);
    assert.ok((await logsIn(testApp(), staff.staff.username, back, '+46709998877')).ok);

    const id = staff.staff.account.id;
    assert.deepEqual((await commandLineAudit(testApp())).slice(before), [
      ['change', 'ok', '9902', id, 'grant'],
      ['change', 'ok', '9902', id, 'revoke'],
      ['change', 'ok', '9901', id, 'mobile'],
      ['change', 'ok', '9901', id, 'temporaryPassword'],
      ['change', 'ok', '9901', id, 'disable'],
      ['change', 'ok', '9901', id, 'enable'],
    ]);
    // SEC-30: the command line's rows are links of the same hash chain as the portal's.
    const chain = await testApp().services.auditLog.verify();
    assert.ok(chain.ok && chain.checked > 5, JSON.stringify(chain));
  });

  it('SEC-23 a wrong role, number, username or missing option is one line saying what to type, and changes nothing', async () => {
    const other = await createStaff(testApp().services, [
      { municipalityCode: '9901', role: 'readonly' },
    ]);
    const before = (await commandLineAudit(testApp())).length;
    const cases: [string[], RegExp][] = [
      [
        [
          'staff',
          'grant',
          '--username',
          other.username,
          '--municipality',
          '9901',
          '--role',
          'boss',
        ],
        /--role must be one of caseworker, readonly, admin/,
      ],
      [
        [
          'staff',
          'grant',
          '--username',
          'nobody.here',
          '--municipality',
          '9901',
          '--role',
          'admin',
        ],
        /No staff account is named nobody.here/,
      ],
      [
        ['staff', 'phone', '--username', other.username, '--mobile', '12345'],
        /--mobile: a Swedish mobile number/,
      ],
      [
        [
          'staff',
          'add',
          '--username',
          'a b',
          '--name',
          'X',
          '--mobile',
          '0701234567',
          '--municipality',
          '9901',
          '--role',
          'admin',
        ],
        /--username: 3–64 characters/,
      ],
      [
        ['staff', 'grant', '--username', other.username, '--role', 'admin'],
        /--municipality is required for "staff grant"/,
      ],
      [
        [
          'municipality',
          'add',
          '--code',
          '99',
          '--name',
          'X',
          '--unit',
          'X',
          '--street',
          'X',
          '--postal-code',
          'X',
          '--city',
          'X',
          '--phone',
          'X',
          '--email',
          'X',
        ],
        /four-digit kommunkod/,
      ],
    ];
    for (const [argv, message] of cases) {
      const result = await admin(testApp(), ...argv);
      assert.equal(result.code, 1, argv.join(' '));
      assert.match(result.said, message);
    }
    const unknown = await admin(testApp(), 'staff', 'remove');
    assert.equal(unknown.code, 2);
    assert.match(unknown.said, /Unknown command "staff remove"[\s\S]*Usage: npm run admin/);
    assert.equal((await admin(testApp(), '--nonsense')).code, 2);
    assert.deepEqual(await testApp().services.accounts.grantsOf(other.account.id), [
      { municipalityCode: '9901', role: 'readonly' },
    ]);
    assert.equal((await commandLineAudit(testApp())).length, before);
  });
});
