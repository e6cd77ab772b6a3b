import { generate } from 'otplib';
import { fixedClock } from '../../test/helpers/application';
import { BrowserSession } from '../browser-session';

/**
 * The caseworker logs in as a person does: the staff login page, username and password
 * (Argon2id), then the authenticator app's code for the servers' fixed time. Returns the
 * logged-in session and the page the login lands on.
 */
export async function logInCaseworker(
  origin: string,
  login: { username: string; password: string; totpSecret: string },
) {
  const session = new BrowserSession(origin);
  const page = await session.open('/personal/logga-in');
  const codePage = await session.submit(page, {
    identitet: login.username,
    losenord: login.password,
  });
  if (!new URL(codePage.url).pathname.startsWith('/logga-in/kod')) {
    throw new Error(`The password step led to ${codePage.url}`);
  }
  const epoch = Math.floor(fixedClock.now().getTime() / 1000);
  const home = await session.submit(codePage, {
    metod: 'app',
    kod: await generate({ secret: login.totpSecret, epoch }),
  });
  return { session, home };
}
