import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** The Content Security Policy of every answer; a route that needs more widens a copy of it for itself only. */
export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
} satisfies Record<string, string[]>;

/**
 * Security headers on every answer (helmet): `nosniff`, `Referrer-Policy: no-referrer`,
 * `X-Frame-Options: DENY`, cross-origin isolation of our resources, and a strict Content
 * Security Policy — the dashboard loads only its own scripts, styles and images (plus the
 * `data:` favicon), no plugins, and may not be framed. React's `style` props are applied
 * through the CSSOM, which `style-src 'self'` allows, so no `'unsafe-inline'` is needed.
 * HSTS is sent only on HTTPS requests (directly, or via a proxy on loopback that says so in
 * X-Forwarded-Proto): over plain HTTP it would be ignored at best and pin a wrong host at worst.
 */
export function securityHeaders(): RequestHandler[] {
  const hsts = helmet.strictTransportSecurity();
  return [
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
      strictTransportSecurity: false,
      referrerPolicy: { policy: 'no-referrer' },
      xFrameOptions: { action: 'deny' },
    }),
    (req, res, next) => (req.secure ? hsts(req, res, next) : next()),
  ];
}
