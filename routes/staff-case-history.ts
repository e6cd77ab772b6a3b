import type { Language, MessageKey, Translate } from '../locales';
import { dateTime } from '../services/date-texts';
import type { Services } from '../services';
import type { HistoryEntry } from '../services/case-history';
import { DECIDED } from '../services/case-statuses';
import type { StaffMember } from '../services/staff-access';
import { dayText } from './staff-case-signature';

/** One line of "Händelser", with a status change's reason apart (shown after the line). */
export interface HistoryLine {
  text: string;
  reason: string;
}

/**
 * The case page's "Händelser": every status change, assignment, mark and its clearing,
 * completion asked for and sent, message and note, oldest first, each with time and who, and
 * nothing of what a note or message says.
 */
export async function caseHistoryView(
  services: Services,
  staff: StaffMember,
  id: string,
  t: Translate,
  language: Language,
): Promise<{ history: HistoryLine[] }> {
  const entries = (await services.caseHistory.of(staff, id)) ?? [];
  return { history: entries.map((entry) => historyLine(entry, t, language)) };
}

function historyLine(entry: HistoryEntry, t: Translate, language: Language): HistoryLine {
  const at = dateTime(entry.at, language);
  const who = entry.who.name ?? t(`case.actor.${entry.who.kind}`);
  const line = (key: MessageKey, values: Record<string, string> = {}) => ({
    text: t(key, { at, who, ...values }),
    reason: '',
  });
  switch (entry.kind) {
    case 'assigned':
      // Taking the case oneself reads as that, not as giving it to oneself by name.
      return entry.self
        ? line('case.event.assignedSelf')
        : line('case.event.assigned', { assignee: entry.assignee ?? t('case.actor.staff') });
    case 'released':
      return line('case.event.released');
    case 'marked':
      return line(entry.attachment ? 'case.event.markedFile' : 'case.event.marked', {
        label: entry.label,
      });
    case 'markCleared':
      return line('case.event.markCleared', { label: entry.label });
    case 'message':
      return line(
        entry.who.kind === 'staff'
          ? 'case.event.messageToApplicant'
          : 'case.event.messageFromApplicant',
      );
    case 'note':
      return line('case.event.note');
    case 'status':
      return { ...line(statusKey(entry), statusValues(entry, t)), reason: entry.reason ?? '' };
    case 'signature': {
      // "…: Karin registrerade att underskriften från medsökande kom in 20 november 2026."
      const registered = line('case.event.signatureLine', {
        date: entry.receivedOn ? dayText(entry.receivedOn) : '',
      });
      if (entry.from === entry.to) return registered;
      const moved = t('case.event.newStatus', { to: t(`case.status.${entry.to}` as MessageKey) });
      return { text: `${registered.text} ${moved}`, reason: '' };
    }
  }
}

function statusKey(entry: Extract<HistoryEntry, { kind: 'status' }>): MessageKey {
  if (entry.from === 'draft') {
    return entry.who.kind === 'staff' ? 'paper.event.registered' : 'case.event.sentLine';
  }
  if (entry.to === 'komplettering-begard') return 'case.event.completionRequested';
  if ((DECIDED as readonly string[]).includes(entry.to)) return 'case.event.decided';
  if (entry.from === 'komplettering-begard' && entry.to === 'kompletterad') {
    // The applicant sends a completion online; a caseworker registers one that came by post.
    return entry.who.kind === 'staff'
      ? 'case.event.completionByPost'
      : 'case.event.completionAnswered';
  }
  return 'case.event.line';
}

function statusValues(entry: Extract<HistoryEntry, { kind: 'status' }>, t: Translate) {
  return {
    from: entry.from === 'draft' ? '' : t(`case.status.${entry.from}` as MessageKey),
    to: t(`case.status.${entry.to}` as MessageKey),
  };
}
