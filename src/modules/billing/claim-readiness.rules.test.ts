import { describe, expect, it } from 'vitest';
import { heldReason, type ClaimFacts } from './claim-readiness.rules.ts';

const ready: ClaimFacts = {
  birthDate: '1980-03-04',
  diagnosisCodes: ['F11.20'],
  hasSubscriberAddress: true,
  isVoid: false,
  payerRequiresRenderingNpi: false,
  peer: { displayName: 'Rosa Delgado', npi: null },
};

describe('heldReason (837P facts no one may invent)', () => {
  it.each<[string, Partial<ClaimFacts>, string | null]>([
    ['everything on file', {}, null],
    ['no birth date (2010BA DMG02)', { birthDate: null }, 'missing-birth-date'],
    ['no diagnosis (2300 HI01)', { diagnosisCodes: [] }, 'missing-diagnosis'],
    ["no subscriber address (2010BA N3/N4): never the agency's", { hasSubscriberAddress: false }, 'missing-subscriber-address'],
    ['payer requires the rendering NPI, peer has none (2310B NM109)', { payerRequiresRenderingNpi: true }, 'missing-rendering-npi'],
    ['payer requires the rendering NPI, peer has one', { payerRequiresRenderingNpi: true, peer: { displayName: 'Rosa', npi: '1497758544' } }, null],
    ['payer does not require it, peer has none: the name alone', { peer: { displayName: 'Rosa', npi: undefined } }, null],
    ['a void repeats its claim as sent: not held for the NPI', { payerRequiresRenderingNpi: true, isVoid: true }, null],
    ['the first missing fact is named first', { birthDate: undefined, hasSubscriberAddress: false }, 'missing-birth-date'],
  ])('%s', (_what, facts, reason) => {
    const held = heldReason({ ...ready, ...facts });
    expect(held?.reason ?? null).toBe(reason);
    if (held) {
      expect(held.explanation.en.length).toBeGreaterThan(20);
      expect(held.explanation.es.length).toBeGreaterThan(20);
    }
  });

  it("names the peer whose NPI is missing, in English and Spanish", () => {
    const held = heldReason({ ...ready, payerRequiresRenderingNpi: true })!;
    expect(held.explanation.en).toContain('Rosa Delgado');
    expect(held.explanation.es).toContain('Rosa Delgado');
  });
});
