import type { Request, RequestHandler, Response } from 'express';
import type { Config } from '../config';

/** What kind of visit a browser had: anonymous (the answers go with it) or a logged-in applicant. */
export type VisitKind = 'anonym' | 'inloggad';

export function sessionMarkerName(secure: boolean): string {
  return secure ? '__Host-portal.visit' : 'portal.visit';
}

function kindOf(req: Request): VisitKind | undefined {
  if (req.session.user) return req.session.user.kind === 'applicant' ? 'inloggad' : undefined;
  return req.session.municipalityCode ? 'anonym' : undefined;
}

/**
 * Beside the session cookie, a cookie saying only that this browser has a visit under way and of
 * which kind. The session cookie expires with the idle timeout (in the browser too), so without
 * this a step posted after the timeout cannot be told from a first visit and would land on "Välj
 * kommun" without a word. It holds no id and nothing personal; it lives as long as the absolute
 * limit and is removed wherever a visit is ended on purpose (logout, cancel).
 */
export function setUpSessionMarker(config: Config): RequestHandler {
  const name = sessionMarkerName(config.secureCookies);
  const maxAge = config.session.absoluteHours * 3_600_000;
  return (req, res, next) => {
    const kind = kindOf(req);
    const cookies = req.cookies as Record<string, string | undefined>;
    if (kind && cookies[name] !== kind) {
      res.cookie(name, kind, {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
        path: '/',
        maxAge,
      });
    }
    next();
  };
}

/** The kind of visit that ended without being ended on purpose, if this request follows one. */
export function endedVisit(req: Request, secure: boolean): VisitKind | undefined {
  if (req.session.startedAt !== undefined) return undefined;
  const marker = (req.cookies as Record<string, string | undefined>)[sessionMarkerName(secure)];
  return marker === 'anonym' || marker === 'inloggad' ? marker : undefined;
}

export function forgetSessionMarker(res: Response, secure: boolean): void {
  res.clearCookie(sessionMarkerName(secure), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
  });
}
