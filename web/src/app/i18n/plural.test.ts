import { createInstance, type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { allTexts } from './all-texts';

const { en, es } = allTexts;

/** Texts that count something read right for one and for many, in both languages. */
let tEn: TFunction;
let tEs: TFunction;
beforeAll(async () => {
  const make = async (lng: string) => {
    const i = createInstance();
    await i.init({ resources: { en: { translation: en }, es: { translation: es } }, lng, fallbackLng: 'en', interpolation: { escapeValue: false } });
    return i.t;
  };
  tEn = await make('en');
  tEs = await make('es');
});

describe('counted texts', () => {
  it('a peer’s own caseload', () => {
    expect(tEn('peers.form.currentCaseload', { count: 1, n: '1' })).toBe('You walk with 1 participant now.');
    expect(tEn('peers.form.currentCaseload', { count: 3, n: '3' })).toBe('You walk with 3 participants now.');
    expect(tEs('peers.form.currentCaseload', { count: 1, n: '1' })).toBe('Ahora acompaña a 1 participante.');
    expect(tEs('peers.form.currentCaseload', { count: 3, n: '3' })).toBe('Ahora acompaña a 3 participantes.');
    expect(tEn('peers.form.currentCaseloadStaff', { count: 1, n: '1' })).toBe('Walks with 1 participant now.');
    expect(tEs('peers.form.currentCaseloadStaff', { count: 1, n: '1' })).toBe('Ahora acompaña a 1 participante.');
  });

  it('the totals of a claims export', () => {
    const one = { claims: tEn('billing.claims.claimCount', { count: 1, n: '1' }), lines: tEn('billing.claims.lineCount', { count: 1, n: '1' }), units: tEn('billing.claims.unitCount', { count: 1, n: '1' }) };
    expect(tEn('billing.claims.totals', { ...one, money: '$18.12', excluded: '0' })).toBe('1 claim, 1 line, 1 unit, $18.12. Left out: 0.');
    const many = { claims: tEs('billing.claims.claimCount', { count: 2, n: '2' }), lines: tEs('billing.claims.lineCount', { count: 3, n: '3' }), units: tEs('billing.claims.unitCount', { count: 1, n: '1' }) };
    expect(tEs('billing.claims.totals', { ...many, money: '$18.12', excluded: '1' })).toBe('2 reclamaciones, 3 líneas, 1 unidad, $18.12. Excluidas: 1.');
    expect(tEs('billing.claims.pastTotals', { lines: tEs('billing.claims.lineCount', { count: 1, n: '1' }), units: tEs('billing.claims.unitCount', { count: 4, n: '4' }), excluded: '1' })).toBe(
      '1 línea, 4 unidades; excluidas: 1',
    );
  });

  it('the summary of a directory import', () => {
    const counts = (t: TFunction, s: number, e: number, w: number) => ({
      format: 'HSDS 3.0',
      services: t('directory.import.servicesIndexed', { count: s, n: String(s) }),
      errors: t('directory.import.errorCount', { count: e, n: String(e) }),
      warnings: t('directory.import.warningCount', { count: w, n: String(w) }),
    });
    expect(tEn('directory.import.done', counts(tEn, 1, 0, 1))).toBe('Imported HSDS 3.0: 1 service indexed, 0 errors, 1 warning.');
    expect(tEs('directory.import.done', counts(tEs, 1, 1, 2))).toBe('Importado HSDS 3.0: 1 servicio indexado, 1 error, 2 avisos.');
  });

  it('every counted text has its forms for one and for many in both languages', () => {
    type Tree = { [key: string]: string | Tree };
    const keys = (tree: Tree, prefix = ''): string[] =>
      Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
    for (const [lang, tree] of [['en', en], ['es', es]] as const) {
      const all = new Set(keys(tree as Tree));
      for (const k of all) {
        const base = k.replace(/_(one|other)$/, '');
        if (base === k) continue;
        expect(all.has(`${base}_one`) && all.has(`${base}_other`), `${lang}:${base}`).toBe(true);
      }
    }
  });
});
