import { describe, expect, it } from 'vitest';
import en from './en.json' with { type: 'json' };
import es from './es.json' with { type: 'json' };
import operatorEn from './operator.en.json' with { type: 'json' };
import operatorEs from './operator.es.json' with { type: 'json' };
import { pages } from '../routes';

type Tree = { [key: string]: string | Tree };

/** Every leaf as `dotted.path` → value. */
function leaves(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of leaves(value, path)) out.set(k, v);
    } else {
      out.set(path, value);
    }
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}|<(\w+)>/g)].map((m) => m[1] ?? m[2]).sort();

describe('translations', () => {
  const english = leaves(en as Tree);
  const spanish = leaves(es as Tree);

  it('English and Spanish have exactly the same keys', () => {
    expect([...spanish.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('no value is empty or anything but text', () => {
    for (const [lang, map] of [['en', english], ['es', spanish]] as const) {
      for (const [key, value] of map) {
        expect(typeof value, `${lang}:${key}`).toBe('string');
        expect(String(value).trim(), `${lang}:${key}`).not.toBe('');
      }
    }
  });

  it('each Spanish text keeps the placeholders and markup of its English text', () => {
    for (const [key, value] of english) {
      expect(placeholders(String(spanish.get(key) ?? '')), key).toEqual(placeholders(String(value)));
    }
  });

  it('every page in the navigation has a title, and every module on the home page a description, in both languages', () => {
    for (const page of pages) {
      if (page.nav === 'none') continue;
      for (const [lang, map] of [['en', english], ['es', spanish]] as const) {
        expect(map.has(`nav.${page.id}`), `${lang}:nav.${page.id}`).toBe(true);
        if (page.nav === 'modules') expect(map.has(`modules.${page.id}`), `${lang}:modules.${page.id}`).toBe(true);
      }
    }
  });

  it('each part of the texts (the operator\'s) has the same keys and placeholders in both languages, none of them the language file\'s', () => {
    const partEn = leaves(operatorEn as Tree);
    const partEs = leaves(operatorEs as Tree);
    expect([...partEs.keys()].sort()).toEqual([...partEn.keys()].sort());
    for (const [key, value] of partEn) {
      expect(english.has(key), `also in en.json: ${key}`).toBe(false);
      expect(String(partEs.get(key)).trim(), `es:${key}`).not.toBe('');
      expect(placeholders(String(partEs.get(key))), key).toEqual(placeholders(String(value)));
      const base = key.replace(/_(one|other)$/, '');
      if (base !== key) expect(partEn.has(`${base}_one`) && partEn.has(`${base}_other`), base).toBe(true);
    }
  });
});
