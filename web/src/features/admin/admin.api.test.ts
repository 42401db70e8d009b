import { describe, expect, it } from 'vitest';
import en from '../../app/i18n/en.json' with { type: 'json' };
import es from '../../app/i18n/es.json' with { type: 'json' };
import { AUDIT_OUTCOMES, KNOWN_ACTIONS, auditActionKey } from './admin.api';

type Tree = { [key: string]: string | Tree };

/** The text at a dotted i18next key, or undefined. */
const at = (tree: Tree, key: string): unknown =>
  key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Tree)[part] : undefined), tree);

const LANGUAGES = { en: en as Tree, es: es as Tree };

describe('audit trail labels', () => {
  it('every known action has a plain-language label in English and in Spanish', () => {
    const missing = Object.entries(LANGUAGES).flatMap(([lang, tree]) =>
      KNOWN_ACTIONS.filter((a) => {
        const text = at(tree, auditActionKey(a));
        return typeof text !== 'string' || text.trim() === '' || text === a;
      }).map((a) => `${lang}: ${a}`),
    );
    expect(missing).toEqual([]);
  });

  it('no two known actions share a translation key, and no label is left for an action the list lacks', () => {
    const keys = KNOWN_ACTIONS.map(auditActionKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const tree of Object.values(LANGUAGES)) {
      const labelled = Object.keys(at(tree, 'audit.actions') as Tree).map((k) => `audit.actions.${k}`);
      expect(labelled.filter((k) => !keys.includes(k))).toEqual([]);
    }
  });

  it('each outcome, and the refused badge, has a label in both languages', () => {
    for (const [lang, tree] of Object.entries(LANGUAGES)) {
      for (const key of [...AUDIT_OUTCOMES.map((o) => `audit.outcomes.${o}`), 'audit.outcome', 'audit.anyOutcome', 'audit.refusedBadge']) {
        expect(typeof at(tree, key), `${lang}: ${key}`).toBe('string');
      }
    }
  });
});
