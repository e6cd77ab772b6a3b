import type { Request, Response } from 'express';
import { identityPrefill } from '../forms/applicant-identity';
import type { Draft, FormDefinition } from '../forms/types';
import { renewSessionId } from '../middleware/set-up-session';
import type { Services } from '../services';
import type { ApplicationRecord } from '../services/application-records';
import { actorOf } from './actor';

/**
 * The draft of this form that the session holds, if it still exists, is still a draft, and the
 * actor may see it (an anonymous visitor only ownerless drafts, an applicant only their own).
 * A logged-in applicant who comes to the form another way than Mina sidor continues their open
 * draft for the chosen municipality, as "Ny ansökan" does, rather than start a second one.
 */
export async function currentDraft(
  req: Request,
  services: Services,
  form: FormDefinition,
): Promise<ApplicationRecord | undefined> {
  const actor = actorOf(req);
  const id = req.session.drafts?.[form.id];
  if (id) {
    const record = await services.applications.find(actor, id);
    return record?.status === 'draft' ? record : undefined;
  }
  const municipalityCode = req.session.municipalityCode;
  if (actor.kind !== 'applicant' || !municipalityCode) return undefined;
  // One indexed lookup, not the person's every application: this runs on each step until a save.
  const open = await services.applications.openDraftOf(actor, form.id, municipalityCode);
  if (open) req.session.drafts = { ...req.session.drafts, [form.id]: open.id };
  return open;
}

/**
 * The application this session was filling in, once it has been sent: "back" from the receipt
 * leads to its receipt again, never to an empty new application.
 */
export async function sentSinceOpened(
  req: Request,
  services: Services,
  form: FormDefinition,
): Promise<string | undefined> {
  const id = req.session.drafts?.[form.id];
  const record = id ? await services.applications.find(actorOf(req), id) : undefined;
  return record && record.status !== 'draft' ? record.id : undefined;
}

/**
 * Starts a draft for this session: the session keeps its id and nothing else of it. A logged-in
 * applicant's draft is theirs from the start.
 */
export async function startDraft(
  req: Request,
  services: Services,
  form: FormDefinition,
): Promise<ApplicationRecord> {
  const municipalityCode = req.session.municipalityCode;
  if (!municipalityCode) throw new Error('A draft needs a municipality');
  // Personal data attaches to the session from here: a new id, so one planted or seen before
  // can never read it (SEC-8).
  await renewSessionId(req, services);
  const record = await services.applications.start(
    actorOf(req),
    form,
    municipalityCode,
    await ownIdentity(req, services, form),
  );
  req.session.drafts = { ...req.session.drafts, [form.id]: record.id };
  return record;
}

/** A logged-in applicant's own personnummer, for the form's question about it. */
export async function ownIdentity(
  req: Request,
  services: Services,
  form: FormDefinition,
): Promise<Draft['input']> {
  const user = req.session.user;
  if (user?.kind !== 'applicant') return {};
  const account = await services.accounts.find(user.accountId);
  return account?.personnummer
    ? identityPrefill(form, {
        personnummer: account.personnummer,
        name: account.name,
        mobile: account.mobile,
      })
    : {};
}

/** After the applicant chose another municipality: their drafts go there instead. */
export async function moveDraftsTo(req: Request, services: Services, code: string): Promise<void> {
  for (const id of Object.values(req.session.drafts ?? {})) {
    const record = await services.applications.find(actorOf(req), id);
    if (record?.status === 'draft') await services.applications.changeMunicipality(record, code);
  }
}

/** The form the URL names; set by the journey router before any of its routes runs. */
export function formOf(res: Response): FormDefinition {
  const { form } = res.locals;
  if (!form) throw new Error('A journey route ran outside the /ansokan/:form router');
  return form;
}

/** The session no longer points at this form's draft (it was sent, or deleted). */
export function forgetDraft(req: Request, formId: string): void {
  const drafts = { ...req.session.drafts };
  Reflect.deleteProperty(drafts, formId);
  req.session.drafts = drafts;
}
