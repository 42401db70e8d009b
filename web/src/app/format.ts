import { useTranslation } from 'react-i18next';

/** Dates, times and numbers in the chosen language, through Intl. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return {
    locale,
    dateTime(value: string | number | Date | null | undefined): string {
      if (value === null || value === undefined || value === '') return '';
      const d = new Date(value);
      if (Number.isNaN(d.getTime())) return String(value);
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
    },
    date(value: string | number | Date | null | undefined): string {
      if (value === null || value === undefined || value === '') return '';
      const d = new Date(value);
      if (Number.isNaN(d.getTime())) return String(value);
      return new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(d);
    },
    number(value: number): string {
      return new Intl.NumberFormat(locale).format(value);
    },
    /** A share from 0 to 1 as a whole percentage ("67 %" in Spanish, "67%" in English). */
    percent(share: number): string {
      return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);
    },
  };
}
