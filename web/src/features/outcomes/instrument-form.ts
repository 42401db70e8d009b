import type { Instrument, InstrumentInput } from './outcomes.api';

/**
 * An organization instrument as an admin types it (lines of text, easy on a phone) and as the
 * API takes it (POST /api/v1/instruments). Pure, so it is unit-tested.
 */
export interface InstrumentDraft {
  code: string;
  version: string;
  titleEn: string;
  titleEs: string;
  instructionsEn: string;
  instructionsEs: string;
  spanishStatus: 'validated' | 'not-validated';
  licence: string;
  citation: string;
  /** One answer a line: `0 = Never` (English) … */
  answersEn: string;
  /** … and `Nunca` a line in the same order (optional). */
  answersEs: string;
  itemsEn: string;
  itemsEs: string;
  /** Item numbers, e.g. "2, 5". */
  reverse: string;
  method: 'sum' | 'mean';
  /** One band a line: `0-9 Low` (English) / `Bajo` (Spanish, same order). */
  bandsEn: string;
  bandsEs: string;
  higherIsBetter: boolean;
}

export const EMPTY_DRAFT: InstrumentDraft = {
  code: '',
  version: '1',
  titleEn: '',
  titleEs: '',
  instructionsEn: '',
  instructionsEs: '',
  spanishStatus: 'not-validated',
  licence: '',
  citation: '',
  answersEn: '0 = Never\n1 = Sometimes\n2 = Often\n3 = Always',
  answersEs: 'Nunca\nA veces\nA menudo\nSiempre',
  itemsEn: '',
  itemsEs: '',
  reverse: '',
  method: 'sum',
  bandsEn: '',
  bandsEs: '',
  higherIsBetter: true,
};

const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);
const withEs = (en: string, es: string | undefined) => (es ? { en, es } : { en });

export type DraftError = { field: keyof InstrumentDraft; key: string; line?: number };

export const toInstrumentInput = (d: InstrumentDraft): { input?: InstrumentInput; errors: DraftError[] } => {
  const errors: DraftError[] = [];
  const answersEs = lines(d.answersEs);
  const answers = lines(d.answersEn).map((l, i) => {
    const m = /^(-?\d+(?:\.\d+)?)\s*=\s*(.+)$/.exec(l);
    if (!m) errors.push({ field: 'answersEn', key: 'answerLine', line: i + 1 });
    return { value: Number(m?.[1] ?? 0), label: withEs(m?.[2] ?? l, answersEs[i]) };
  });
  if (answers.length < 2) errors.push({ field: 'answersEn', key: 'twoAnswers' });
  const itemsEs = lines(d.itemsEs);
  const itemTexts = lines(d.itemsEn);
  if (itemTexts.length === 0) errors.push({ field: 'itemsEn', key: 'oneItem' });
  const reverse = new Set(
    d.reverse
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((n) => {
        const v = Number(n);
        if (!Number.isInteger(v) || v < 1 || v > itemTexts.length) errors.push({ field: 'reverse', key: 'reverseItem' });
        return v;
      }),
  );
  const prefix = d.code.replace(/[^a-z0-9]/g, '') || 'item';
  const items = itemTexts.map((text, i) => ({ id: `${prefix}.${i + 1}`, text: withEs(text, itemsEs[i]), answerSet: 'answers', required: true, ...(reverse.has(i + 1) ? { reverse: true } : {}) }));
  const bandsEs = lines(d.bandsEs);
  const bands = lines(d.bandsEn).map((l, i) => {
    const m = /^(-?\d+(?:\.\d+)?)\s*-\s*(-?\d+(?:\.\d+)?)\s+(.+)$/.exec(l);
    if (!m) errors.push({ field: 'bandsEn', key: 'bandLine', line: i + 1 });
    const label = m?.[3] ?? l;
    return { code: label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || `band-${i + 1}`, label: withEs(label, bandsEs[i]), min: Number(m?.[1] ?? 0), max: Number(m?.[2] ?? 0) };
  });
  if (!d.titleEn.trim()) errors.push({ field: 'titleEn', key: 'required' });
  if (!d.instructionsEn.trim()) errors.push({ field: 'instructionsEn', key: 'required' });
  if (!d.licence.trim()) errors.push({ field: 'licence', key: 'required' });
  if (!d.citation.trim()) errors.push({ field: 'citation', key: 'required' });
  if (errors.length > 0) return { errors };
  return {
    errors,
    input: {
      code: d.code.trim(),
      version: d.version.trim(),
      title: withEs(d.titleEn.trim(), d.titleEs.trim() || undefined),
      instructions: withEs(d.instructionsEn.trim(), d.instructionsEs.trim() || undefined),
      licence: d.licence.trim(),
      citation: d.citation.trim(),
      translations: d.titleEs.trim() || itemsEs.length > 0 ? { es: { status: d.spanishStatus, source: d.spanishStatus === 'validated' ? 'Validated translation' : 'Organization translation, not validated' } } : {},
      answerSets: { answers },
      items,
      total: 'total',
      scales: [{ code: 'total', label: { en: 'Total', es: 'Total' }, items: items.map((i) => i.id), method: d.method }],
      bands: bands.length > 0 ? { total: bands } : {},
      flags: [],
      higherIsBetter: d.higherIsBetter,
    },
  };
};

/** A published version as a draft of the next one (a published version never changes). */
export const draftFrom = (i: Instrument): InstrumentDraft => {
  const set = Object.values(i.answerSets)[0] ?? [];
  const bands = i.bands[i.total ?? 'total'] ?? [];
  const [major, ...rest] = i.version.split('.');
  return {
    code: i.code,
    version: rest.length > 0 ? `${major}.${Number(rest[0]) + 1}` : String(Number(major) + 1),
    titleEn: i.title.en,
    titleEs: i.title.es ?? '',
    instructionsEn: i.instructions.en,
    instructionsEs: i.instructions.es ?? '',
    spanishStatus: i.translations.es?.status ?? 'not-validated',
    licence: i.licence,
    citation: i.citation,
    answersEn: set.map((a) => `${a.value} = ${a.label.en}`).join('\n'),
    answersEs: set.map((a) => a.label.es ?? '').join('\n'),
    itemsEn: i.items.map((x) => x.text.en).join('\n'),
    itemsEs: i.items.map((x) => x.text.es ?? '').join('\n'),
    reverse: i.items.flatMap((x, n) => (x.reverse ? [String(n + 1)] : [])).join(', '),
    method: i.scales[0]?.method ?? 'sum',
    bandsEn: bands.map((b) => `${b.min}-${b.max} ${b.label.en}`).join('\n'),
    bandsEs: bands.map((b) => b.label.es ?? '').join('\n'),
    higherIsBetter: i.higherIsBetter,
  };
};
