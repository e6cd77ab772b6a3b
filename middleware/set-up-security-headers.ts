import type { RequestHandler } from 'express';
import helmet from 'helmet';

// Helmet does not set this one. A form about money needs none of these, nor should any script.
const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=()';

/** Strict CSP: nothing inline, nothing from elsewhere; the page can be neither framed nor rebased. */
export function setUpSecurityHeaders(secure: boolean): RequestHandler {
  const helmetHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // FKUI's stylesheet draws its checkbox and radio marks as data: SVGs.
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        ...(secure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });
  return (req, res, next) => {
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    helmetHeaders(req, res, next);
  };
}
