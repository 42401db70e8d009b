import { describe, expect, it } from 'vitest';
import en from '../../app/i18n/en.json';
import es from '../../app/i18n/es.json';
import { cardLanguageFor, daysText, inWeekOrder, languagesText, scheduleLine } from './display';

// A translator over the real message files (the i18next interpolation the app uses: {{name}}).
const translator = (messages: unknown) => (key: string, o: Record<string, unknown> = {}) => {
  const found = key.split('.').reduce<unknown>((m, k) => (m && typeof m === 'object' ? (m as Record<string, unknown>)[k] : undefined), messages);
  const text = typeof found === 'string' ? found : String(o.defaultValue ?? key);
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(o[name] ?? ''));
};
const tEn = translator(en);
const tEs = translator(es);
const date = (d: string) => d;

describe('directory hours as people read them', () => {
  it('names weekday runs, single days and every day, in English and Spanish', () => {
    expect(daysText('MO,TU,WE,TH,FR', 'en', tEn)).toBe('Mon–Fri');
    expect(daysText('FR,MO,WE', 'en', tEn)).toBe('Mon, Wed, Fri');
    expect(daysText('SA,SU', 'en', tEn)).toBe('Sat, Sun');
    expect(daysText('MO,TU,WE,TH,FR,SA,SU', 'en', tEn)).toBe('Every day');
    expect(daysText('mo, tu ,we', 'en', tEn)).toBe('Mon–Wed');
    expect(daysText('MO,TU,WE,TH,FR', 'es', tEs)).toMatch(/^lun\.?–vie\.?$/);
    expect(daysText('MO,TU,WE,TH,FR,SA,SU', 'es', tEs)).toBe('Todos los días');
  });

  it('says the nth weekday of the month', () => {
    expect(daysText('2TU', 'en', tEn)).toBe('2nd Tuesday of the month');
    expect(daysText('-1FR', 'en', tEn)).toBe('last Friday of the month');
    expect(daysText('1MO', 'es', tEs)).toBe('1.er lunes del mes');
  });

  it('writes clock times in the locale and 00:00–00:00 as open 24 hours', () => {
    expect(scheduleLine({ byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '00:00:00', closes_at: '00:00:00' }, 'en', tEn, date)).toBe('Every day, open 24 hours');
    expect(scheduleLine({ byday: 'MO,TU,WE,TH,FR', opens_at: '09:00:00', closes_at: '17:00:00' }, 'en', tEn, date)).toBe('Mon–Fri 9:00 AM–5:00 PM');
    expect(scheduleLine({ byday: 'TU,TH', opens_at: '19:00:00', closes_at: '08:00:00', description: 'Overnight' }, 'en', tEn, date)).toBe('Tue, Thu 7:00 PM–8:00 AM · Overnight');
  });

  it('keeps validity dates and days of the month', () => {
    expect(scheduleLine({ freq: 'MONTHLY', bymonthday: '1,-1', opens_at: '10:00', closes_at: '12:00' }, 'en', tEn, date)).toBe('Day 1, last day of the month 10:00 AM–12:00 PM');
    expect(scheduleLine({ byday: 'SA', opens_at: '08:00', closes_at: '12:00', valid_from: '2026-06-01', valid_to: '2026-08-31' }, 'es', tEs, date)).toBe(
      'sáb 8:00–12:00 · desde el 2026-06-01 · hasta el 2026-08-31'.replace('sáb', daysText('SA', 'es', tEs)),
    );
  });
});

describe('a service\'s hours in the order of the week', () => {
  it('puts Monday first and, on the same first day, the earlier opening first; monthly rows after', () => {
    const rows = [
      { id: 'monthly', freq: 'MONTHLY', bymonthday: '1' },
      { id: 'sat', byday: 'SA', opens_at: '10:00:00' },
      { id: 'weekday-evening', byday: 'MO,WE', opens_at: '17:00' },
      { id: 'weekday-morning', byday: 'MO,TU,WE,TH,FR', opens_at: '9:00' },
      { id: 'tuesday', byday: '1TU', opens_at: '08:00' },
    ];
    expect(inWeekOrder(rows).map((r) => r.id)).toEqual(['weekday-morning', 'weekday-evening', 'tuesday', 'sat', 'monthly']);
    expect(rows[0]!.id).toBe('monthly'); // the given list is left as it was
  });
});

describe('directory languages as people read them', () => {
  it('names codes in the locale, each once, without the feed names that repeat them', () => {
    expect(languagesText(['en', 'english', 'es', 'spanish'], 'en')).toBe('English, Spanish');
    expect(languagesText(['en', 'english', 'es', 'spanish'], 'es')).toBe('inglés, español');
    expect(languagesText(['es', 'español'], 'es')).toBe('español');
  });

  it('keeps names with no code as written, capitalized', () => {
    expect(languagesText(['en', 'american sign language'], 'en')).toBe('English, American sign language');
    expect(languagesText(['Tagalog'], 'en')).toBe('Tagalog');
  });
});

describe('the language of a participant\'s resource card', () => {
  it('is the first of the participant\'s languages the app speaks, by its primary subtag', () => {
    expect(cardLanguageFor(['es-MX', 'en'], ['en', 'es'])).toBe('es');
    expect(cardLanguageFor(['pl', 'ES'], ['en', 'es'])).toBe('es');
    expect(cardLanguageFor(['en', 'es'], ['en', 'es'])).toBe('en');
  });

  it('is none when the app speaks none of them', () => {
    expect(cardLanguageFor(['pl', 'vi'], ['en', 'es'])).toBeUndefined();
    expect(cardLanguageFor([], ['en', 'es'])).toBeUndefined();
  });
});
