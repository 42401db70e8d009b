/**
 * One CSV field (RFC 4180): quoted when it holds a quote, comma or line break. A text starting
 * with = + - @ tab or carriage return gets a leading quote, so a spreadsheet shows it as text and
 * never runs it as a formula (OWASP "CSV Injection"): import reports quote values from the files
 * they read, and figures files carry names people typed.
 */
export const csvCell = (v: unknown): string => {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
