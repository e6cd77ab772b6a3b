import type { Request } from 'express';
import type { Language, Translate } from '../locales';
import type { FileOutcome } from '../services/attachments';

declare module 'express-session' {
  interface SessionData {
    /**
     * What the last upload or removal did, for the page it returns to to say once (a status
     * line where the files are listed): the ids of the files stored (their names are read with
     * the list), or the name of the file removed, which is gone from the list.
     */
    fileStatus?: { applicationId: string; uploaded?: string[]; removed?: string };
  }
}

/** The ids of the files an upload stored. */
export function storedIds(outcomes: readonly FileOutcome[]): string[] {
  return outcomes.flatMap((outcome) =>
    outcome.outcome === 'stored' ? [outcome.attachment.id] : [],
  );
}

/** Notes the files an upload stored, to be said on the page the applicant comes back to. */
export function noteUploaded(req: Request, applicationId: string, ids: readonly string[]): void {
  if (ids.length > 0) req.session.fileStatus = { applicationId, uploaded: [...ids] };
}

/** Notes the file a "Ta bort" removed, by the name it had. */
export function noteRemoved(req: Request, applicationId: string, name: string): void {
  req.session.fileStatus = { applicationId, removed: name };
}

/**
 * The status line for this application's list of files, once: "Filen lön.pdf är uppladdad.",
 * "Filerna a.pdf och b.pdf är uppladdade.", "Filen lön.pdf är borttagen."; undefined when
 * nothing was noted for it (or the files uploaded are no longer listed).
 */
export function takeFileStatus(
  req: Request,
  applicationId: string,
  listed: readonly { id: string; name: string }[],
  t: Translate,
  language: Language,
): string | undefined {
  const noted = req.session.fileStatus;
  if (!noted || noted.applicationId !== applicationId) return undefined;
  delete req.session.fileStatus;
  if (noted.removed !== undefined) return t('attachments.status.removed', { name: noted.removed });
  const names = listed.filter((file) => noted.uploaded?.includes(file.id)).map((file) => file.name);
  if (names.length === 0) return undefined;
  if (names.length === 1) return t('attachments.status.uploadedOne', { name: names[0] ?? '' });
  const list = new Intl.ListFormat(language, { type: 'conjunction' }).format(names);
  return t('attachments.status.uploadedMany', { names: list });
}
