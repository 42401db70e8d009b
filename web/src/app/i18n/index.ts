import i18next from 'i18next';
import { useEffect, useState } from 'react';
import { initReactI18next } from 'react-i18next';
import { setRequestLanguage } from '../api';

/** Languages offered from the first screen; each has a complete resource file. */
export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'es', label: 'Español' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'peerbridge.language';

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((l) => l.code === value);
}

/** The remembered choice, else the browser's preferred languages, else English. */
export function detectLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // Storage may be blocked (private mode); fall through to the browser's preference.
  }
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    const base = (tag ?? '').toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

function applyDocumentLanguage(lng: string): void {
  setRequestLanguage(lng);
  // The server words a signed-in peer's first view in this language (src/web/first-view.ts).
  document.cookie = `pb_lang=${lng}; path=/; max-age=31536000; samesite=lax`;
  document.documentElement.lang = lng;
  document.documentElement.dir = i18next.dir(lng);
}

/**
 * Each language's texts are a chunk of their own, fetched only when that language is shown: a
 * phone on a slow connection loads one language, not both (issue 17; each file is ~75 kB). The
 * service worker precaches both, so switching works offline too.
 */
const loaders: Record<Language, () => Promise<{ default: Record<string, unknown> }>> = {
  en: () => import('./en.json'),
  es: () => import('./es.json'),
};

/**
 * Texts of pages only a few people open (the instance operator's), a chunk of their own in each
 * language, fetched with the page: the sign-in page's first load carries the language file, and
 * its byte budget (test/web-delivery.int.test.ts) has no room for texts a peer never sees. Their
 * keys are merged into the same translation, so a page reads them as any other.
 */
const partLoaders = {
  operator: { en: () => import('./operator.en.json'), es: () => import('./operator.es.json') },
} satisfies Record<string, Record<Language, () => Promise<{ default: Record<string, unknown> }>>>;
export type TextPart = keyof typeof partLoaders;
/** Parts a page has asked for: a change of language loads them in the new language too. */
const partsInUse = new Set<TextPart>();
const partsLoaded = new Set<string>();

async function loadPart(part: TextPart, lng: Language): Promise<void> {
  if (partsLoaded.has(`${part}:${lng}`)) return;
  const texts = await partLoaders[part][lng]();
  i18next.addResourceBundle(lng, 'translation', texts.default, true, true);
  partsLoaded.add(`${part}:${lng}`);
}

/** Loads a part's texts in the current language (a page's lazy loader awaits it before rendering). */
export async function loadTextPart(part: TextPart): Promise<void> {
  partsInUse.add(part);
  const lng = isLanguage(i18next.language) ? i18next.language : 'en';
  await loadPart(part, lng);
}

/** Loads a language's texts without switching to it (a message written for someone else). */
export async function loadLanguage(lng: Language): Promise<void> {
  if (!i18next.hasResourceBundle(lng, 'translation')) {
    const texts = await loaders[lng]();
    i18next.addResourceBundle(lng, 'translation', texts.default, true, true);
  }
  await Promise.all([...partsInUse].map((part) => loadPart(part, lng)));
}

/**
 * For a text written in another language than the app's (a resource card, a receiver's message):
 * loads that language's texts when they are not yet (one language per phone), and re-renders once
 * they are. True when they are there.
 */
export function useLanguageTexts(lng: Language): boolean {
  const [, setLoaded] = useState<string | null>(null);
  const ready = i18next.hasResourceBundle(lng, 'translation');
  useEffect(() => {
    if (ready) return;
    let live = true;
    void loadLanguage(lng).then(() => live && setLoaded(lng));
    return () => {
      live = false;
    };
  }, [lng, ready]);
  return ready;
}

export async function changeLanguage(lng: Language): Promise<unknown> {
  try {
    window.localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Not remembered, but still applied for this visit.
  }
  await loadLanguage(lng);
  return i18next.changeLanguage(lng);
}

/** Resolves once the current language's texts are loaded, so the first render is never keys. */
export async function initI18n(): Promise<typeof i18next> {
  const lng = detectLanguage();
  const texts = await loaders[lng]();
  await i18next.use(initReactI18next).init({
    resources: { [lng]: { translation: texts.default } },
    lng,
    fallbackLng: 'en',
    supportedLngs: LANGUAGES.map((l) => l.code),
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  applyDocumentLanguage(lng);
  i18next.on('languageChanged', applyDocumentLanguage);
  return i18next;
}

export { i18next };
