import { useTranslation } from 'react-i18next';
import { isApiError } from '../api';
import { intlLocale } from '../format';

/** Error codes the server documents and the app explains in the user's language. */
const KNOWN_CODES = [
  'invalid-credentials',
  'totp-required',
  'invalid-totp',
  'locked-out',
  'rate-limited',
  'network-error',
  'unauthenticated',
  'invalid-token',
  'forbidden',
  'not-found',
  'validation-failed',
  'csrf-failed',
  'email-taken',
  'last-admin',
  'user-inactive',
  'setup-complete',
  'invalid-setup-token',
  'totp-already-enabled',
  'totp-not-set-up',
  'totp-not-enabled',
  'internal-error',
] as const;

/**
 * Turns any thrown value into a sentence in the chosen language: known codes by name, the rest by
 * HTTP status class, so a person never sees an untranslated server message as the main text.
 */
export function useErrorMessage() {
  const { t, i18n } = useTranslation();
  return (error: unknown): string => {
    if (!isApiError(error)) return t('errors.unexpected');
    // Sign-in throttling (issue 18): a wait of seconds at first, doubling with each failure.
    if (error.code === 'too-many-attempts') {
      const seconds = Math.max(1, error.retryAfter ?? 1);
      return seconds < 120
        ? t('security.signIn.waitSeconds', { count: seconds, n: new Intl.NumberFormat(intlLocale(i18n.language)).format(seconds) })
        : t('security.signIn.waitMinutes', { n: new Intl.NumberFormat(intlLocale(i18n.language)).format(Math.ceil(seconds / 60)) });
    }
    if (error.code === 'choose-organization') return t('security.signIn.chooseOrganization');
    if ((error.code === 'locked-out' || error.code === 'rate-limited') && error.retryAfter) {
      const minutes = Math.max(1, Math.ceil(error.retryAfter / 60));
      return t(`errors.codes.${error.code}-retry`, {
        minutes: new Intl.NumberFormat(intlLocale(i18n.language)).format(minutes),
      });
    }
    if ((KNOWN_CODES as readonly string[]).includes(error.code)) return t(`errors.codes.${error.code}`);
    if (error.status === 0) return t('errors.codes.network-error');
    if (error.status === 429) return t('errors.codes.rate-limited');
    if (error.status === 409) return t('errors.status.conflict');
    if (error.status >= 500) return t('errors.status.server');
    if (error.status >= 400) return t('errors.status.request');
    return t('errors.unexpected');
  };
}

/** The server's complaint about one field, prefixed in the chosen language. */
export function useServerFieldError() {
  const { t } = useTranslation();
  return (error: unknown, field: string): string | undefined => {
    if (!isApiError(error)) return undefined;
    const message = error.fieldError(field);
    return message ? t('errors.fieldFromServer', { message }) : undefined;
  };
}
