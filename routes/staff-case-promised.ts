import { translator, type Translate } from '../locales';

interface PromisedItem {
  target: string;
  label: string;
  /** An open mark says it is missing already. */
  marked: boolean;
}

/**
 * "Utlovade bilagor saknas": the applicant ticked papers under "Det här skickar jag med" but
 * sent fewer files than that. With no files at all every promised paper is missing; with some,
 * which ones cannot be told from the files, so the caseworker is asked to check. Only for an
 * application sent online: a paper application's papers come in the envelope, not as files.
 */
export function promisedMissingView(
  options: {
    channel: string;
    fileCount: number;
    promised: PromisedItem[] | undefined;
    markAction: string | undefined;
  },
  t: Translate,
) {
  const { channel, fileCount, promised = [] } = options;
  if (channel !== 'e-tjanst' || promised.length === 0 || fileCount >= promised.length) {
    return undefined;
  }
  return {
    text:
      fileCount === 0
        ? t('case.promised.missing')
        : t('case.promised.fewer', { promised: promised.length, files: fileCount }),
    // The mark's reason, in Swedish as the applicant reads it when asked to complete.
    reason: translator('sv')('case.promised.reason'),
    items: promised.map((item) => ({
      ...item,
      action: item.marked ? undefined : options.markAction,
    })),
  };
}
