// Phone numbers as people type them ("312 555 0177", "312.555.0177 x204", "+1 (773) 555-0148")
// are kept as typed; the web app shows a US number one way and dials it from a link, here.

/** The extension of a number typed with one: "x204", "ext. 204", "extension 204", "#204". */
const EXTENSION = /\s*(?:,|;|#|x|ext\.?|extension|ext\s*#)\s*(\d{1,6})\s*$/i;

export interface PhoneParts {
  /** What to show: "(312) 555-0177" for a US number; else the number as typed. */
  text: string;
  /** The extension's digits, shown after the number and dialed after a pause. */
  extension: string | null;
  /** The tel: address: the number's digits (+1 for a US number), a pause, then the extension. */
  href: string;
}

/**
 * A typed number, its extension apart. Ten digits, or eleven starting with the US country code 1,
 * read as a North American number; anything else (988, 211, a number abroad) is shown as typed
 * and dialed by its digits. An extension given apart (HSDS `phone.extension`) wins over one typed
 * into the number.
 */
export const phoneParts = (typed: string, extensionGiven?: string | number | null): PhoneParts => {
  const match = EXTENSION.exec(typed);
  const number = (match ? typed.slice(0, match.index) : typed).trim();
  const extension = String(extensionGiven ?? '').replace(/\D/g, '') || match?.[1] || null;
  const digits = number.replace(/\D/g, '');
  const us = digits.length === 10 ? digits : digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : null;
  const text = us ? `(${us.slice(0, 3)}) ${us.slice(3, 6)}-${us.slice(6)}` : number;
  const dial = us ? `+1${us}` : number.replace(/[^\d+]/g, '');
  // A comma is a pause on phone dialers: the extension is dialed once the call is answered.
  return { text, extension, href: `tel:${dial}${extension ? `,${extension}` : ''}` };
};
