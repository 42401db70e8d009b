import en from './en.json' with { type: 'json' };
import es from './es.json' with { type: 'json' };
import operatorEn from './operator.en.json' with { type: 'json' };
import operatorEs from './operator.es.json' with { type: 'json' };

/**
 * Every text of each language, the language file and its parts merged as the app merges them
 * (i18n/index.ts addResourceBundle, deep): for tests that read texts by key. The app itself
 * loads each part with the pages that use it.
 */
type Tree = { [key: string]: string | Tree };
const merged = (base: Tree, ...parts: Tree[]): Tree => {
  const out: Tree = { ...base };
  for (const part of parts) {
    for (const [k, v] of Object.entries(part)) {
      const have = out[k];
      out[k] = typeof v === 'object' && typeof have === 'object' ? merged(have, v) : v;
    }
  }
  return out;
};

export const allTexts = { en: merged(en as Tree, operatorEn as Tree), es: merged(es as Tree, operatorEs as Tree) };
