import { describe, expect, it } from 'vitest';
import type { PersonRecords } from '../../interop/fhir/assemble.ts';
import type { EncounterRecord, ReferralRecord } from '../../interop/fhir/model.ts';
import { ENCOUNTER_TYPES, ENCOUNTER_MODALITIES } from '../caseload/caseload.schemas.ts';
import { NEEDS } from '../referrals/referrals.rules.ts';
import { CODE_WORDS } from './record.words.ts';
import { recordLang, recordView, type RecordView } from './record.view.ts';

const NOW = new Date('2026-03-02T15:00:00Z');
const TODAY = '2026-03-02';

const encounter = (over: Partial<EncounterRecord>): EncounterRecord => ({
  lineId: 'l1', encounterId: 'e1', participantId: 'p1', peerId: 'peer1', type: 'individual', modality: 'in-person', placeOfService: '11',
  startedAt: new Date('2026-02-20T16:00:00Z'), durationMinutes: 45, voided: false, narrative: 'We walked to the clinic.', nextSteps: '', ...over,
});
const referral = (over: Partial<ReferralRecord>): ReferralRecord => ({
  id: 'r1', participantId: 'p1', peerId: 'peer1', serviceName: 'Crossroads Clinic', serviceOrganizationName: null, need: 'treatment', urgency: 'routine', note: '',
  status: 'sent', statusReason: null, sharedItems: ['name'], sharingConsent: null, part2: true, outcome: null, createdAt: new Date('2026-02-01T12:00:00Z'), updatedAt: NOW,
  part2Consent: { id: 'c1', referralId: 'r1', participantId: 'p1', recipient: 'Crossroads Clinic', purpose: 'Care', expiresOn: '2026-12-31', method: 'written', signedOn: '2026-02-01', recordedAt: NOW, revokedAt: new Date('2026-02-15T12:00:00Z') },
  ...over,
});
const records = (over: Partial<PersonRecords> = {}): PersonRecords & { timeZone: string } => ({
  org: { id: 'o1', name: 'Harbor' },
  timeZone: 'America/Chicago',
  participant: { id: 'p1', givenName: 'Ana', familyName: 'Ruiz', preferredName: null, birthDate: null, contact: null, languages: ['en'], postalCode: null, status: 'active', createdAt: NOW },
  peers: [{ id: 'peer1', displayName: 'Rosa Delgado', languages: ['es'], npi: null, active: true }],
  assignments: [],
  encounters: [],
  plan: null,
  referrals: [],
  assessments: [],
  instruments: new Map(),
  intakeConsents: [],
  ...over,
});
const text = (v: RecordView) => JSON.stringify(v);
const section = (v: RecordView, heading: string) => v.sections.find((s) => s.heading === heading)!;

describe('the printable record', () => {
  it("speaks the person's language: Spanish when it is the first of theirs we speak", () => {
    expect([recordLang(['es', 'en']), recordLang(['fr', 'es']), recordLang(['fr']), recordLang([])]).toEqual(['es', 'es', 'en', 'en']);
  });

  it('says plainly what is not there yet: no plan, no peer, no meetings', () => {
    const v = recordView(records(), 'person', TODAY, 'en', [], NOW);
    expect(v.sections.map((s) => s.heading)).toEqual(['What you are good at', 'Your peer', 'Your recovery plan and goals', 'Meetings', 'Check-ins over time', 'Places we referred you to', 'Permissions you gave', 'Who opened your record']);
    expect(section(v, 'Your recovery plan and goals')).toMatchObject({ paragraphs: [], empty: 'No plan written yet.' });
    expect(v.part2).toBeNull();
  });

  it('shows a voided note as entered by mistake without its words, and the words of a note only to the person', () => {
    const encounters = [encounter({}), encounter({ lineId: 'l2', voided: true, narrative: 'Wrong person.' })];
    const own = section(recordView(records({ encounters }), 'person', TODAY, 'en', [], NOW), 'Meetings').table!.rows;
    expect(own.map((r) => r[1])).toEqual(['Peer support, one to one\nWe walked to the clinic.', 'Peer support, one to one — Entered by mistake (not counted)']);
    const staff = section(recordView(records({ encounters }), 'staff', TODAY, 'en', [], NOW), 'Meetings').table!.rows;
    expect(staff.map((r) => r[1])).toEqual(['Peer support, one to one', 'Peer support, one to one — Entered by mistake (not counted)']);
  });

  it('leaves a revoked Part 2 consent and the substance-use goal out for staff, with no notice; the person has both, with the notice', () => {
    const plan = { participantId: 'p1', version: 1, goals: [{ id: 'g1', text: 'Stay on my medication', lifeArea: 'substance use', status: 'active' as const, steps: [] }], strengths: ['Kind'], supports: [], nextReviewOn: null, agreement: null, updatedAt: NOW };
    const staff = recordView(records({ plan, referrals: [referral({})] }), 'staff', TODAY, 'en', [], NOW);
    expect(JSON.stringify(staff.sections)).not.toMatch(/Stay on my medication|42 CFR|Care\b/);
    expect(staff.part2).toBeNull();
    expect(section(staff, 'Recovery plan and goals').paragraphs).toEqual(['No goals to show.']);
    const own = recordView(records({ plan, referrals: [referral({})] }), 'person', TODAY, 'en', [], NOW);
    expect(text(own)).toContain('Stay on my medication');
    expect(section(own, 'Permissions you gave').items).toEqual([expect.stringMatching(/^Share substance use records with Crossroads Clinic \(42 CFR Part 2\): Care · given February 1, 2026 \(in writing\), until December 31, 2026 · taken back$/)]);
    expect(own.part2?.notice).toMatch(/^Notice required by 42 CFR 2.32: This record which has been disclosed to you/);
  });

  it('has plain words in both languages for every encounter type, modality and need', () => {
    for (const lang of ['en', 'es'] as const) {
      expect(ENCOUNTER_TYPES.filter((c) => !CODE_WORDS.encounterType![lang]![c])).toEqual([]);
      expect(ENCOUNTER_MODALITIES.filter((c) => !CODE_WORDS.modality![lang]![c])).toEqual([]);
      expect(NEEDS.filter((c) => !CODE_WORDS.need![lang]![c])).toEqual([]);
    }
  });
});
