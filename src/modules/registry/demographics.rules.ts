/**
 * Race and ethnicity as the Census counts it (ACS table B03002: Hispanic or Latino of any race,
 * then each race alone and not Hispanic, then two or more races), so the workforce, the people
 * served and the county population are compared in the same categories. Peerbridge stores what a
 * person said in their own words; this maps those words to the OMB categories (P8: collapse before
 * suppressing). A person who names more than one race, and is not Hispanic, is "two or more".
 */
export const RACE_GROUPS = ['hispanic', 'white', 'black', 'aian', 'asian', 'nhpi', 'other', 'multiracial'] as const;
export type RaceGroup = (typeof RACE_GROUPS)[number];

const PATTERNS: [Exclude<RaceGroup, 'hispanic' | 'multiracial'>, RegExp][] = [
  ['white', /\b(white|caucasian|blanc[oa])\b/i],
  ['black', /\b(black|african|negr[oa]|afro)/i],
  ['aian', /\b(american indian|alaska native|native american|indígena|indigenous|nativ[oa] american[oa])/i],
  ['asian', /\b(asian|asiátic[oa]|chinese|filipin[oa]|vietnamese|korean|japanese|indian \(asia)/i],
  ['nhpi', /\b(pacific islander|native hawaiian|hawai|isleñ[oa] del pacífico|samoan|chamorro)/i],
];

/** The Census group of a person's own words; null when they gave none (counted as unknown, P6). */
export const raceGroupOf = (words: readonly string[] | null | undefined): RaceGroup | null => {
  if (!words || words.length === 0) return null;
  const text = words.join(' | ');
  if (/hispan|latin[oaex]/i.test(text)) return 'hispanic';
  const races = new Set<RaceGroup>();
  for (const w of words) {
    let matched = false;
    for (const [group, re] of PATTERNS) {
      if (re.test(w)) {
        races.add(group);
        matched = true;
      }
    }
    if (!matched && /multi|two or more|mixed|biracial|dos o más/i.test(w)) races.add('multiracial');
    else if (!matched && w.trim() !== '' && !/declin|prefer not|unknown|no contest/i.test(w)) races.add('other');
  }
  if (races.size === 0) return null;
  if (races.size > 1) return 'multiracial';
  return [...races][0]!;
};

/**
 * Languages as ACS table C16001 groups them (language spoken at home, ages 5 and over), keyed by
 * the ISO 639-1 codes Peerbridge stores. A language ACS does not break out falls in its family's
 * "other" line, which the registry does not compare (no shared category).
 */
export const LANGUAGE_GROUPS: Record<string, { acs: string; label: string }> = {
  en: { acs: 'C16001_002', label: 'English only' },
  es: { acs: 'C16001_003', label: 'Spanish' },
  fr: { acs: 'C16001_006', label: 'French, Haitian, or Cajun' },
  ht: { acs: 'C16001_006', label: 'French, Haitian, or Cajun' },
  de: { acs: 'C16001_009', label: 'German or other West Germanic' },
  ru: { acs: 'C16001_012', label: 'Russian, Polish, or other Slavic' },
  pl: { acs: 'C16001_012', label: 'Russian, Polish, or other Slavic' },
  uk: { acs: 'C16001_012', label: 'Russian, Polish, or other Slavic' },
  ko: { acs: 'C16001_018', label: 'Korean' },
  zh: { acs: 'C16001_021', label: 'Chinese' },
  vi: { acs: 'C16001_024', label: 'Vietnamese' },
  tl: { acs: 'C16001_027', label: 'Tagalog' },
  ar: { acs: 'C16001_033', label: 'Arabic' },
};

/** The ACS language line of a Peerbridge language code (ISO 639-1), or null. */
export const languageGroupOf = (code: string): string | null => LANGUAGE_GROUPS[code.toLowerCase().slice(0, 2)]?.acs ?? null;
