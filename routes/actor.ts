import type { Request } from 'express';
import type { Actor } from '../services/application-service';

/** Who is asking: a logged-in applicant (both factors done) or an anonymous visitor. */
export function actorOf(req: Request): Actor {
  const user = req.session.user;
  return user?.kind === 'applicant'
    ? { kind: 'applicant', userId: user.accountId }
    : { kind: 'anonymous' };
}
