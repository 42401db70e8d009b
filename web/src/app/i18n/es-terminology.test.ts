import { describe, expect, it } from 'vitest';
import en from './en.json' with { type: 'json' };
import es from './es.json' with { type: 'json' };

type Tree = { [key: string]: string | Tree };

const leaves = (tree: Tree, prefix = ''): Array<[string, string]> =>
  Object.entries(tree).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return typeof value === 'object' ? leaves(value, path) : [[path, value] as [string, string]];
  });

const english = new Map(leaves(en as Tree));
const spanish = leaves(es as Tree);

/** "Referral" as a noun, not the name of the Open Referral format. */
const mentionsReferral = (text: string) => /\breferrals?\b/i.test(text.replace(/Open Referral/g, ''));

/** Texts whose subject is the referral itself, so their adjectives agree with "el referido". */
const AGREES_WITH_REFERRAL = /^referrals\.(status\.|move\.|overdue$|overdueOnly$|sentBox$|inbox$|needsOutcome$|reasonHelp$|link\.reasonNeeded$|link\.closed$)/;

/**
 * One Spanish word for a referral, as US behavioral-health Spanish says it: "el referido, los
 * referidos" (masculine). "Referencia" stays for a reference (the API reference), never a referral.
 */
describe('Spanish terminology: referral', () => {
  it('every text about a referral says "referido(s)", never "referencia(s)"', () => {
    const wrong = spanish
      .filter(([key]) => mentionsReferral(english.get(key) ?? ''))
      .filter(([, value]) => /\breferencias?\b/i.test(value) || !/\breferidos?\b/i.test(value))
      .map(([key, value]) => `${key}: ${value}`);
    expect(wrong).toEqual([]);
  });

  it('"referencia" is left only where the English says "reference"', () => {
    const wrong = spanish
      .filter(([, value]) => /\breferencias?\b/i.test(value))
      .filter(([key]) => !/\breference\b/i.test(english.get(key) ?? ''))
      .map(([key, value]) => `${key}: ${value}`);
    expect(wrong).toEqual([]);
  });

  it('the words around "referido" agree with a masculine noun', () => {
    const wrong = spanish
      .filter(
        ([, value]) =>
          /\b(la|las|una|unas|esta|estas|esa|esas|nueva|nuevas|otra|otras)\s+referid/i.test(value) ||
          /\breferidas?\b/i.test(value) ||
          /\breferidos?\s+\p{L}*(ad|id)as?\b/iu.test(value),
      )
      .map(([key, value]) => `${key}: ${value}`);
    expect(wrong).toEqual([]);
  });

  it('statuses, actions and filters of a referral are masculine (enviado, recibido, atrasados)', () => {
    const wrong = spanish
      .filter(([key]) => AGREES_WITH_REFERRAL.test(key))
      .filter(([, value]) => /\p{L}+(ad|id)as?\b|\bhechas?\b/iu.test(value))
      .map(([key, value]) => `${key}: ${value}`);
    expect(wrong).toEqual([]);
  });
});
