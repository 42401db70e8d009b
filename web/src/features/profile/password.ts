/**
 * The server's password policy (src/modules/identity/identity.rules.ts, NIST SP 800-63B 5.1.1),
 * checked in the browser first so the explanation appears in the person's language. The server
 * remains the judge: it also refuses guessable passwords.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordProblem = 'passwordLength' | 'passwordTooLong' | 'passwordVariety' | 'passwordEmail';

export function passwordProblem(password: string, email?: string): PasswordProblem | null {
  if (password.length < MIN_PASSWORD_LENGTH) return 'passwordLength';
  if (password.length > MAX_PASSWORD_LENGTH) return 'passwordTooLong';
  const lower = password.toLowerCase();
  if (new Set(lower).size < 4) return 'passwordVariety';
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && lower.includes(local)) return 'passwordEmail';
  return null;
}
