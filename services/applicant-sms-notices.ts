import type { Kysely } from 'kysely';
import { translator, type MessageKey } from '../locales';
import type { Database } from './db/schema';
import type { Logger } from './logger';
import type { MunicipalityService } from './municipalities';
import type { SmsSender } from './sms/sms-sender';

/** What an SMS notice may say: that there is something on Mina sidor, never what. */
export type NoticeText = Extract<
  MessageKey,
  | 'casework.messages.sms'
  | 'completion.sms.requested'
  | 'decision.sms'
  | 'coApplicant.sms.toConfirm'
  | 'coApplicant.sms.declined'
>;

export type NoticeOutcome = 'sent' | 'noPhone' | 'failed';

/**
 * An SMS to the owner of an application that something waits on Mina sidor, signed with the
 * municipality's name and naming nothing and nobody. A notice is a courtesy (Mina sidor shows it
 * either way), so a failure is logged and said, not thrown.
 */
export class ApplicantSmsNotices {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly municipalities: MunicipalityService,
    private readonly sms: SmsSender,
    private readonly logger: Logger,
  ) {}

  async toOwner(applicationId: string, text: NoticeText): Promise<NoticeOutcome> {
    const owner = await this.db
      .selectFrom('application')
      .innerJoin('account', 'account.id', 'application.owner_id')
      .select(['account.mobile', 'application.municipality_code'])
      .where('application.id', '=', applicationId)
      .executeTakeFirst();
    if (!owner?.mobile) return 'noPhone';
    return this.toMobile(owner.mobile, owner.municipality_code, text);
  }

  /** To a number the caller has (the medsökande's, asked to confirm), signed by the municipality. */
  async toMobile(
    mobile: string,
    municipalityCode: string,
    text: NoticeText,
  ): Promise<NoticeOutcome> {
    const municipality = await this.municipalities.find(municipalityCode);
    const t = translator('sv');
    try {
      await this.sms.send({
        to: mobile,
        text: t(text, { sender: municipality?.name ?? t('site.name') }),
      });
      return 'sent';
    } catch (error) {
      this.logger.warn({ err: error, text }, 'notice: SMS not sent');
      return 'failed';
    }
  }
}
