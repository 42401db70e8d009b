import { Secret, TOTP } from 'otpauth';

/**
 * Time-based one-time passwords, RFC 6238 (HMAC-SHA1, 30-second steps, 6 digits: the parameters
 * every authenticator app understands), computed by `otpauth`, a maintained library, rather than
 * by hand (issue 18: security code from a library). Secrets are RFC 4648 base32 without padding.
 * What stays ours is the policy: one step of clock drift either way, and the refusal of a step
 * already used (RFC 6238 section 5.2: a code is accepted once).
 */
const PERIOD = 30;
const DIGITS = 6;
const ISSUER = 'Peerbridge';

const totpOf = (secretBase32: string, label = 'user', issuer = ISSUER) =>
  new TOTP({ issuer, label, algorithm: 'SHA1', digits: DIGITS, period: PERIOD, secret: Secret.fromBase32(secretBase32) });

/** 160 random bits, the key size RFC 4226 recommends for HMAC-SHA1. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

export const totpAt = (secretBase32: string, unixSeconds: number): string => totpOf(secretBase32).generate({ timestamp: unixSeconds * 1000 });

/**
 * Accepts the code of the current step and one step either side (clock drift on phones), and
 * returns the step it matched so the caller can refuse a replay of the same step: a step at or
 * before `lastUsedStep` is refused.
 */
export const verifyTotp = (secretBase32: string, code: string, unixSeconds: number, lastUsedStep: number | null = null): number | null => {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpOf(secretBase32).validate({ token: code, timestamp: unixSeconds * 1000, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(unixSeconds / PERIOD) + delta;
  return lastUsedStep !== null && step <= lastUsedStep ? null : step;
};

export const otpauthUrl = (secretBase32: string, account: string, issuer = ISSUER): string => totpOf(secretBase32, account, issuer).toString();
