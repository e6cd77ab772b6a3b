import type { Language, Translate } from '../locales';
import type { FileOrigin } from '../services/attachment-origins';
import type { AttachmentInfo } from '../services/attachments';
import { longDate } from '../services/date-texts';
import { formatFileSize } from './attachment-view';
import { STAFF_PATHS } from './staff-paths';

export interface CaseFileGroup {
  /** How and when these came: "Skickade med ansökan 24 november 2026". */
  heading: string;
  files: { name: string; size: string; href: string }[];
}

const ORDER: Record<FileOrigin['kind'] | 'other', number> = {
  application: 0,
  completion: 1,
  message: 2,
  other: 3,
};

/**
 * A case's files grouped by how and when they came, oldest first after the application's own:
 * after a completion the caseworker sees at once which papers are new.
 */
export function caseFileGroups(
  caseId: string,
  files: readonly (AttachmentInfo & { origin: FileOrigin | undefined })[],
  paper: boolean,
  t: Translate,
  language: Language,
): CaseFileGroup[] {
  const groups = new Map<string, CaseFileGroup & { kind: keyof typeof ORDER; at: number }>();
  for (const file of files) {
    const kind = file.origin?.kind ?? 'other';
    const at = file.origin?.at ?? 0;
    const key = `${kind}:${String(at)}`;
    const date = longDate(new Date(at), language);
    const heading =
      kind === 'application'
        ? t(paper ? 'case.files.paper' : 'case.files.application', { date })
        : kind === 'completion'
          ? t('case.files.completion', { date })
          : kind === 'message'
            ? t('case.files.message', { date })
            : t('case.files.other');
    const group = groups.get(key) ?? { heading, files: [], kind, at };
    group.files.push({
      name: file.name,
      size: formatFileSize(file.size, language),
      href: STAFF_PATHS.caseAttachment(caseId, file.id),
    });
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((one, other) => ORDER[one.kind] - ORDER[other.kind] || one.at - other.at)
    .map(({ heading, files: grouped }) => ({ heading, files: grouped }));
}
