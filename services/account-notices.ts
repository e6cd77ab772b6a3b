import { translator } from '../locales';
import type { Account, AccountService } from './accounts';
import type { MunicipalityService } from './municipalities';
import { SmsSendError, type SmsSender } from './sms/sms-sender';

/** A change to an account that its owner must hear about (SEC-7, SEC-12). */
export type AccountChange = 'password' | 'mobile' | 'app' | 'activated';

export type NoticeResult = 'sent' | 'noPhone' | 'failed';

const TEXTS = {
  password: 'account.sms.passwordChanged',
  mobile: 'account.sms.mobileChanged',
  app: 'account.sms.appAdded',
  activated: 'account.sms.activated',
} as const;

/**
 * SMS to the account's owner after a change to how they log in, so that a change they did not
 * make is noticed at once. The text names no person and no number: an SMS may be read by
 * anyone holding the phone. It says whom to call: the applicant's municipality, or for staff
 * the municipality's system administrator (who hands out accounts and passwords).
 */
export class AccountNotices {
  constructor(
    private readonly sms: SmsSender,
    private readonly accounts: AccountService,
    private readonly municipalities: MunicipalityService,
  ) {}

  /** Sends the notice to `to` (the account's number unless given, e.g. the old one). */
  async send(
    account: Account,
    change: AccountChange,
    to: string | null = account.mobile,
  ): Promise<NoticeResult> {
    if (!to) return 'noPhone';
    const t = translator('sv');
    const municipality = await this.municipalityOf(account);
    const contact =
      account.kind === 'staff'
        ? t('account.sms.contactStaff')
        : municipality
          ? t('account.sms.contact', { name: municipality.name, phone: municipality.phone })
          : t('account.sms.contactGeneric');
    try {
      await this.sms.send({
        to,
        text: t(TEXTS[change], { contact, sender: await this.senderOf(account) }),
      });
      return 'sent';
    } catch (error) {
      // The change is made either way; the caller logs that the notice did not go.
      if (error instanceof SmsSendError) return 'failed';
      throw error;
    }
  }

  /** How an SMS signs off: the municipality's name, or the service's. */
  async senderOf(account: Account): Promise<string> {
    const municipality = await this.municipalityOf(account);
    return municipality ? municipality.name : translator('sv')('site.name');
  }

  private async municipalityOf(account: Account) {
    const code =
      account.municipalityCode ??
      (account.kind === 'staff'
        ? (await this.accounts.grantsOf(account.id))[0]?.municipalityCode
        : undefined);
    return code === undefined ? undefined : this.municipalities.find(code);
  }
}
