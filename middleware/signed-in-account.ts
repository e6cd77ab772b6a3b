import type { Request } from 'express';
import type { Account, AccountService } from '../services/accounts';

const readByRequest = new WeakMap<Request, { id: string; account: Promise<Account | undefined> }>();

/**
 * The logged-in user's account, read once per request however many parts ask (the page
 * header, the staff guard): each read is a round trip to the database.
 */
export function signedInAccount(
  req: Request,
  accounts: AccountService,
): Promise<Account | undefined> {
  const id = req.session.user?.accountId;
  if (id === undefined) return Promise.resolve(undefined);
  const read = readByRequest.get(req);
  if (read?.id === id) return read.account;
  const account = accounts.find(id);
  readByRequest.set(req, { id, account });
  return account;
}
