import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import request from 'supertest';
import type { Services } from '../services';
import { newMobile } from './helpers/account';
import {
  familyAnswersOf,
  fillSteps,
  startNewApplication,
  type StepAnswers,
} from './helpers/application';
import { getPage, textOf, type Agent } from './helpers/http';
import { createApplicant, loginWithSms, type TestApplicant } from './helpers/login';
import { exitOf, startServer, type ServerProcess } from './helpers/server-process';
import { databaseTargets } from './helpers/database-targets';

const APPLICANTS = 8;
/** The server is killed once this many sends have their receipt; the rest are under way or not sent. */
const KILL_AFTER_RECEIPTS = 3;
/** Between one applicant pressing "Skicka in" and the next. */
const STREAM_GAP_MS = 10;
const SEND = '/ansokan/ekonomiskt-bistand/skicka';
const REVIEW = '/ansokan/ekonomiskt-bistand/granska';

interface ReadyToSend {
  applicant: TestApplicant;
  agent: Agent;
  /** The review page's send form: its CSRF token and the draft's row version. */
  fields: { _csrf: string; _version: string };
}

/** A receipt is the redirect to the sent application; anything else (no answer at all) is not. */
type SendOutcome = { receipt: string } | { receipt: null; why: string };

/**
 * Logs in over HTTP on the server process and fills in a whole application, up to the review
 * page's "Skicka in" button. The period is the first month the page offers (the server runs on
 * the real clock).
 */
async function readyToSend(server: ServerProcess, services: Services): Promise<ReadyToSend> {
  const applicant = await createApplicant(services, { mobile: newMobile() });
  const agent = request.agent(server.url);
  await loginWithSms(agent, services, applicant);
  await startNewApplication(agent);
  const periodPage = await getPage(agent, '/ansokan/ekonomiskt-bistand/period');
  const firstMonth = String(periodPage.$('input[name="period"]').first().val());
  const answers = familyAnswersOf(applicant.personnummer).map(
    ([stepId, stepAnswers]): [string, StepAnswers] =>
      stepId === 'period'
        ? [stepId, { ...stepAnswers, period: firstMonth }]
        : [stepId, stepAnswers],
  );
  await fillSteps(agent, answers);
  const { $ } = await getPage(agent, REVIEW);
  const form = $(`form[action="${SEND}"]`);
  return {
    applicant,
    agent,
    fields: {
      _csrf: String(form.find('input[name="_csrf"]').val()),
      _version: String(form.find('input[name="_version"]').val()),
    },
  };
}

/** The environment that points `server.ts` at the same database as the test's services. */
function databaseEnv(services: Services): Record<string, string> {
  const database = services.config.database;
  return database.dialect === 'sqlite'
    ? { DATABASE_URL: `sqlite:${database.file}` }
    : { DATABASE_URL: database.url, DATABASE_SCHEMA: database.schema };
}

function applicationIdIn(location: string): string {
  const id = /\/mina-sidor\/ansokningar\/([0-9a-f-]{36})/.exec(location)?.[1];
  assert.ok(id, `not a receipt: ${location}`);
  return id;
}

describe('the server killed with SIGKILL', () => {
  /** Last in, first out: the servers stop before their database folder goes. */
  const cleanups: (() => unknown)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  for (const target of databaseTargets()) {
    it(
      `SEC-32 crash (${target.name}): kill -9 during a stream of submissions; after a restart every submission that got a receipt is there, and none is there twice`,
      { skip: target.skip },
      async () => {
        const testServices = await target.open();
        cleanups.push(() => testServices.cleanup());
        const { services } = testServices;
        const env = databaseEnv(services);
        const first = await startServer(env);
        cleanups.push(() => first.child.kill('SIGKILL'));
        const ready: ReadyToSend[] = [];
        for (let at = 0; at < APPLICANTS; at++) ready.push(await readyToSend(first, services));

        // The stream: one applicant after the other presses "Skicka in"; the server dies mid-way.
        const killed = exitOf(first.child);
        let receipts = 0;
        const outcomes = await Promise.all(
          ready.map(async ({ agent, fields }, at): Promise<SendOutcome> => {
            await new Promise((resolve) => setTimeout(resolve, at * STREAM_GAP_MS));
            try {
              const response = await agent.post(SEND).type('form').send(fields);
              if (response.status !== 303)
                return { receipt: null, why: `status ${response.status}` };
              receipts += 1;
              if (receipts === KILL_AFTER_RECEIPTS) first.child.kill('SIGKILL');
              return { receipt: applicationIdIn(response.headers.location ?? '') };
            } catch (error) {
              return { receipt: null, why: (error as Error).message };
            }
          }),
        );
        assert.equal(await killed, null, 'the server ended by the signal, not by itself');
        const receipted = outcomes.flatMap((outcome) => (outcome.receipt ? [outcome.receipt] : []));
        assert.ok(receipted.length >= KILL_AFTER_RECEIPTS, JSON.stringify(outcomes));
        assert.ok(
          receipted.length < APPLICANTS,
          `the kill came after every send had its receipt, so it tested nothing: ${JSON.stringify(outcomes)}`,
        );

        const second = await startServer(env);
        cleanups.push(async () => {
          const stopped = exitOf(second.child);
          second.child.kill('SIGTERM');
          await stopped;
        });
        const db = services.database.db;
        for (const applicationId of receipted) {
          const submissions = await db
            .selectFrom('submission')
            .select('application_id')
            .where('application_id', '=', applicationId)
            .execute();
          assert.equal(submissions.length, 1, `application ${applicationId}`);
        }
        // A send cut off by the kill left its draft as it was, or went through once: nothing is lost.
        for (const { applicant } of ready) {
          const theirs = await db
            .selectFrom('application')
            .leftJoin('submission', 'submission.application_id', 'application.id')
            .select(['application.status', 'submission.application_id as sent'])
            .where('application.owner_id', '=', applicant.account.id)
            .execute();
          assert.equal(theirs.length, 1, `${applicant.personnummer}: ${JSON.stringify(theirs)}`);
          const [only] = theirs;
          assert.ok(
            only?.status === 'draft' ? only.sent === null : only?.sent !== null,
            JSON.stringify(only),
          );
        }

        // As the applicant sees it: logged in again on the restarted server, the receipt is there.
        const [firstReceipt] = receipted;
        const applicant = ready[outcomes.findIndex((outcome) => outcome.receipt === firstReceipt)];
        assert.ok(applicant);
        const agent = request.agent(second.url);
        await loginWithSms(agent, services, applicant.applicant);
        const receiptPage = await getPage(
          agent,
          `/mina-sidor/ansokningar/${firstReceipt}?skickad=1`,
        );
        assert.equal(receiptPage.response.status, 200);
        assert.equal(textOf(receiptPage.$, 'h1'), 'Ansökan är inskickad');
      },
    );
  }
});
