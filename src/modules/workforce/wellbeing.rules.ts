/**
 * Wellbeing check-ins that stay the peer's own (issue 21), scored as published
 * (shared/DOMAIN.md, "Outcome instruments"; licences in OUTCOMES-AND-WORKFORCE.md §1).
 *
 * ProQOL 5 (Stamm 2010): 30 items answered 1-5; three sums of 10 items; 22 or less low, 23-41
 * moderate, 42 or more high; burnout items 1, 4, 15, 17, 29 are reversed (1 becomes 5, 2
 * becomes 4). Free if credited to the Center for Victims of Torture with a link to proqol.org,
 * not sold, any change called "adapted from the ProQOL". Peerbridge shows the item numbers and
 * the official form's link rather than retyping the items.
 *
 * Copenhagen Burnout Inventory (Kristensen et al. 2005), public domain: 19 items answered
 * 100/75/50/25/0; personal (1-6), work-related (7-13), client-related (14-19); each scale is the
 * mean of its items; the work item on energy for family and friends (item 13) is reversed;
 * 50 or more is commonly (not originally) read as high.
 *
 * The weekly pulse: one question, "How are you doing this week?", 1 (very hard) to 5 (very well).
 */

export const WELLBEING_INSTRUMENTS = ['proqol-5', 'cbi', 'pulse'] as const;
export type WellbeingInstrument = (typeof WELLBEING_INSTRUMENTS)[number];

export const PROQOL_CREDIT =
  'ProQOL 5 © B. Hudnall Stamm, 2009-2012. Professional Quality of Life: Compassion Satisfaction and Fatigue Version 5 (ProQOL). Used with credit to the Center for Victims of Torture, www.proqol.org. Not sold.';

const PROQOL_SCALES = {
  'compassion-satisfaction': [3, 6, 12, 16, 18, 20, 22, 24, 27, 30],
  burnout: [1, 4, 8, 10, 15, 17, 19, 21, 26, 29],
  'secondary-traumatic-stress': [2, 5, 7, 9, 11, 13, 14, 23, 25, 28],
} as const;
const PROQOL_REVERSED = new Set([1, 4, 15, 17, 29]);
const CBI_SCALES = { personal: [1, 2, 3, 4, 5, 6], work: [7, 8, 9, 10, 11, 12, 13], client: [14, 15, 16, 17, 18, 19] } as const;
const CBI_REVERSED = new Set([13]);
const CBI_VALUES = [100, 75, 50, 25, 0];

export const ITEM_COUNT: Record<WellbeingInstrument, number> = { 'proqol-5': 30, cbi: 19, pulse: 1 };

export type Band = 'low' | 'moderate' | 'high';
export interface Score {
  code: string;
  score: number;
  band: Band;
}

/** Problems with the answers, as `answers.N` field paths; empty when every item is answered in range. */
export const checkAnswers = (instrument: WellbeingInstrument, answers: Record<string, number>): Array<{ field: string; message: string }> => {
  const out: Array<{ field: string; message: string }> = [];
  const n = ITEM_COUNT[instrument];
  for (let i = 1; i <= n; i++) {
    const v = answers[String(i)];
    if (v === undefined) out.push({ field: `answers.${i}`, message: 'Answer every item' });
    else if (instrument === 'cbi' ? !CBI_VALUES.includes(v) : !(Number.isInteger(v) && v >= 1 && v <= 5)) {
      out.push({ field: `answers.${i}`, message: instrument === 'cbi' ? 'Use 100, 75, 50, 25 or 0' : 'Use a whole number from 1 to 5' });
    }
  }
  for (const k of Object.keys(answers)) if (!(Number(k) >= 1 && Number(k) <= n && String(Number(k)) === k)) out.push({ field: `answers.${k}`, message: `No item ${k}` });
  return out;
};

const proqolBand = (s: number): Band => (s <= 22 ? 'low' : s <= 41 ? 'moderate' : 'high');

export const score = (instrument: WellbeingInstrument, a: Record<string, number>): Score[] => {
  if (instrument === 'proqol-5') {
    return Object.entries(PROQOL_SCALES).map(([code, items]) => {
      const s = items.reduce((sum, i) => sum + (PROQOL_REVERSED.has(i) ? 6 - a[String(i)]! : a[String(i)]!), 0);
      return { code, score: s, band: proqolBand(s) };
    });
  }
  if (instrument === 'cbi') {
    return Object.entries(CBI_SCALES).map(([code, items]) => {
      const mean = items.reduce((sum, i) => sum + (CBI_REVERSED.has(i) ? 100 - a[String(i)]! : a[String(i)]!), 0) / items.length;
      const s = Math.round(mean * 100) / 100;
      return { code, score: s, band: s >= 50 ? 'high' : s >= 25 ? 'moderate' : 'low' };
    });
  }
  const v = a['1']!;
  return [{ code: 'pulse', score: v, band: v <= 2 ? 'high' : v === 3 ? 'moderate' : 'low' }];
};

/**
 * The one band a peer may share with their supervisor: the highest strain in their latest
 * check-ins (ProQOL burnout or secondary traumatic stress, any CBI scale, the pulse). Compassion
 * satisfaction is a resource, not a strain, so it does not raise the band.
 */
export const summaryBand = (latest: ReadonlyArray<{ instrument: WellbeingInstrument; scores: Score[] }>): Band | null => {
  const strains = latest.flatMap((c) => c.scores.filter((s) => s.code !== 'compassion-satisfaction'));
  if (strains.length === 0) return null;
  return strains.some((s) => s.band === 'high') ? 'high' : strains.some((s) => s.band === 'moderate') ? 'moderate' : 'low';
};
