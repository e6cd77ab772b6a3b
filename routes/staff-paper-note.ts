import type { Request } from 'express';
import type { Language, Translate } from '../locales';
import type { ReadingNote } from '../services/paper-registration';

declare module 'express-session' {
  interface SessionData {
    /** What reading a paper application's codes gave, shown once on its page. */
    paperNote?: { applicationId: string; note: ReadingNote };
  }
}

/** Keeps what the codes gave for the page the caseworker is sent to next. */
export function setPaperNote(req: Request, applicationId: string, note: ReadingNote | undefined) {
  if (note) req.session.paperNote = { applicationId, note };
  else delete req.session.paperNote;
}

/** The note for this application, once: a reload no longer shows it. */
export function takePaperNote(req: Request, applicationId: string): ReadingNote | undefined {
  const kept = req.session.paperNote;
  if (kept?.applicationId !== applicationId) return undefined;
  delete req.session.paperNote;
  return kept.note;
}

/** What the caseworker reads about the codes: which parts are missing, or what went wrong. */
export function paperNoteText(note: ReadingNote, t: Translate, language: Language): string {
  switch (note.kind) {
    case 'read':
      return note.stepsWithErrors === 0
        ? t('paper.note.read')
        : t('paper.note.readWithErrors', { count: note.stepsWithErrors });
    case 'missingParts':
      // "Del 2 av 3 hittades inte." or "Delarna 4, 5 och 6 av 10 hittades inte.": one sentence.
      return note.missing.length === 1
        ? t('paper.note.missingPart', { part: note.missing[0] ?? 0, parts: note.parts })
        : t('paper.note.missingParts', {
            list: new Intl.ListFormat(language, { type: 'conjunction' }).format(
              note.missing.map(String),
            ),
            parts: note.parts,
          });
    case 'noCodes':
      return t('paper.note.noCodes');
    case 'damaged':
      return t('paper.note.damaged');
    case 'severalApplications':
      return t('paper.note.severalApplications');
    case 'unknownForm':
      return t('paper.note.unknownForm');
    case 'attached':
      return t('paper.note.attached', { count: note.count });
  }
}
