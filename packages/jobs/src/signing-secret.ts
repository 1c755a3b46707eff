import { randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/**
 * A new Standard Webhooks signing secret, `whsec_<base64 of 24 random bytes>`: the format of
 * inbound webhook endpoints' secrets and of users' callback secrets alike.
 */
export const newSigningSecret = (): string => `${PREFIX}${randomBytes(24).toString('base64')}`;

/** The HMAC key a signing secret stands for (its base64 part, decoded). */
export function signingKeyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
}
