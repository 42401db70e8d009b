/**
 * Self-completion links (issue 20): a participant answers an instrument by themselves from a
 * one-time link a peer sends. Like a referral link, the token is the credential: random, stored
 * only as a keyed hash, expiring and revocable; and it is spent once its answers are stored.
 */

/** Days a self-completion link stays usable: long enough to answer at home, short enough to lose its value if forwarded. */
export const LINK_DAYS = 7;

export type LinkState = 'active' | 'expired' | 'revoked' | 'spent';

export const linkState = (l: { expiresAt: Date; revokedAt: Date | null; usedAt: Date | null }, now: Date): LinkState =>
  l.usedAt ? 'spent' : l.revokedAt ? 'revoked' : l.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';

/** The path of the self-completion page for a token; the HTTP edge makes it absolute. */
export const selfCompletionPath = (token: string) => `/a/${token}`;
