import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import es from './es.json';
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
  document.documentElement.lang = lng;
  document.documentElement.dir = i18next.dir(lng);
}

export function changeLanguage(lng: Language): Promise<unknown> {
  try {
    window.localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Not remembered, but still applied for this visit.
  }
  return i18next.changeLanguage(lng);
}

export function initI18n(): typeof i18next {
  const lng = detectLanguage();
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, es: { translation: es } },
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
