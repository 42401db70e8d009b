import type { TFunction } from 'i18next';

/** The languages a receiver message can be written in (the app's languages). */
export const MESSAGE_LANGUAGES = ['en', 'es'] as const;
export type MessageLanguage = (typeof MESSAGE_LANGUAGES)[number];

/**
 * The message that carries the receiver's link, in the language chosen for the receiver. It
 * names the service and the link only: nothing of the participant travels by text or email
 * (the link is the credential, and the page shows only what the participant agreed to share).
 */
export const receiverMessage = (t: TFunction, lng: MessageLanguage, v: { service: string; link: string }) => ({
  subject: t('share.messageSubject', { lng, service: v.service }),
  body: t('share.messageBody', { lng, service: v.service, link: v.link }),
});

/**
 * `sms:` with the body prefilled. `?&body=` is the form both Android and iOS messaging apps
 * read (iOS ignores a body after a bare `?`); no number: the peer picks the recipient.
 */
export const smsHref = (body: string) => `sms:?&body=${encodeURIComponent(body)}`;

/** `mailto:` with subject and body prefilled (RFC 6068: percent-encoded, spaces as %20). */
export const mailtoHref = (subject: string, body: string) => `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;

/** A shared contact as a link: an email address opens the mail app, a phone number the dialer. */
export const contactHref = (contact: string): string | null => {
  const c = contact.trim();
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c)) return `mailto:${c}`;
  const digits = c.replace(/[^\d+]/g, '');
  if (/^[\d\s().+-]+$/.test(c) && digits.replace(/\D/g, '').length >= 7) return `tel:${digits}`;
  return null;
};
