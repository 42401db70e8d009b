import type { DemoContext } from '../demo-context.ts';
import type { z } from 'zod';
import { participantInput, type PeerInput } from './people.schemas.ts';

/**
 * Demo peers and participants for `peerbridge demo`: invented people around Chicago with the
 * variety a program director would recognise (languages, lived experience, capacity, a waitlist).
 */
type Disclosure = PeerInput['livedExperience'][number];
const shared = (code: string): Disclosure => ({ code, useForMatching: true, showToParticipants: true });
const matchOnly = (code: string): Disclosure => ({ code, useForMatching: true, showToParticipants: false });
const privateOnly = (code: string): Disclosure => ({ code, useForMatching: false, showToParticipants: false });

const base: Omit<PeerInput, 'displayName'> = {
  languages: ['en'],
  livedExperience: [],
  specialties: ['peer-support-specialist'],
  raceEthnicity: [],
  modalities: ['in-person', 'phone', 'video'],
  availability: [],
  timeZone: 'America/Chicago',
  maxCaseload: 12,
  acceptingNew: true,
  certifications: [{ type: 'CPRS', issuer: 'Illinois Certification Board', number: 'IL-CPRS-0000', expiresOn: '2027-12-31' }],
};

const weekdays = (start: string, end: string, days: Array<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'>) => days.map((day) => ({ day, start, end }));

export const DEMO_PEERS: Array<{ user?: string } & PeerInput> = [
  {
    ...base,
    user: 'rosa',
    displayName: 'Rosa Delgado',
    pronouns: 'she/her',
    languages: ['en', 'es'],
    livedExperience: [shared('substance-use.opioids'), shared('recovery-pathway.medication'), matchOnly('life.incarceration'), privateOnly('mental-health.ptsd')],
    specialties: ['peer-support-specialist', 'forensic-peer'],
    genderIdentity: 'woman',
    raceEthnicity: ['Hispanic or Latina'],
    birthYear: 1984,
    location: { postalCode: '60608', lat: 41.8507, lon: -87.6659 },
    serviceRadiusKm: 20,
    availability: [...weekdays('09:00', '17:00', ['mon', 'wed', 'fri']), { day: 'tue', start: '16:00', end: '20:00' }],
  },
  {
    ...base,
    user: 'james',
    displayName: 'James Running Bear',
    pronouns: 'he/him',
    livedExperience: [shared('substance-use.alcohol'), shared('recovery-pathway.mutual-help'), shared('life.military-service'), matchOnly('life.homelessness')],
    specialties: ['recovery-coach', 'veteran-peer'],
    genderIdentity: 'man',
    raceEthnicity: ['American Indian or Alaska Native'],
    birthYear: 1971,
    location: { postalCode: '60640', lat: 41.9719, lon: -87.6626 },
    serviceRadiusKm: 15,
    availability: weekdays('08:00', '16:00', ['mon', 'tue', 'wed', 'thu']),
    maxCaseload: 15,
  },
  {
    ...base,
    user: 'tasha',
    displayName: 'Tasha Brooks',
    pronouns: 'she/they',
    livedExperience: [shared('mental-health.bipolar'), shared('identity.lgbtq'), matchOnly('mental-health.suicide-attempt-survivor'), shared('life.foster-care')],
    specialties: ['peer-support-specialist', 'youth-peer'],
    genderIdentity: 'non-binary',
    raceEthnicity: ['Black or African American'],
    birthYear: 1999,
    location: { postalCode: '60615', lat: 41.8021, lon: -87.6027 },
    serviceRadiusKm: 12,
    modalities: ['in-person', 'phone', 'video', 'text'],
    availability: [...weekdays('12:00', '20:00', ['tue', 'thu']), { day: 'sat', start: '10:00', end: '14:00' }],
    maxCaseload: 10,
  },
  {
    ...base,
    displayName: 'Miguel Ángel Reyes',
    pronouns: 'he/him',
    languages: ['es', 'en'],
    livedExperience: [shared('substance-use.stimulants'), shared('life.immigration'), matchOnly('life.incarceration')],
    specialties: ['recovery-coach', 'forensic-peer'],
    genderIdentity: 'man',
    raceEthnicity: ['Hispanic or Latino'],
    birthYear: 1979,
    location: { postalCode: '60623', lat: 41.8486, lon: -87.7171 },
    serviceRadiusKm: 18,
    availability: weekdays('10:00', '18:00', ['mon', 'tue', 'thu', 'fri']),
    maxCaseload: 2,
  },
  {
    ...base,
    displayName: 'Grace Okafor',
    pronouns: 'she/her',
    livedExperience: [shared('family.parent-of-child-with-challenges'), shared('mental-health.depression'), matchOnly('life.loss-to-overdose')],
    specialties: ['family-support-partner'],
    genderIdentity: 'woman',
    raceEthnicity: ['Black or African American'],
    birthYear: 1968,
    location: { postalCode: '60649', lat: 41.7625, lon: -87.5707 },
    serviceRadiusKm: 25,
    modalities: ['phone', 'video'],
    availability: weekdays('09:00', '15:00', ['mon', 'wed', 'thu']),
  },
];

export const DEMO_PARTICIPANTS: Array<z.input<typeof participantInput>> = [
  {
    givenName: 'Luis', familyName: 'Ortega', preferredName: 'Lucho', pronouns: 'he/him', birthDate: '1990-04-02', languages: ['es'],
    contact: { phone: '+1 312 555 0101', okToText: true }, location: { postalCode: '60608', lat: 41.853, lon: -87.67 }, raceEthnicity: ['Hispanic or Latino'],
    preferences: { livedExperience: [{ code: 'substance-use.opioids', importance: 'required' }, { code: 'life.incarceration', importance: 'preferred' }], modalities: ['in-person', 'phone'], availability: [{ day: 'tue', start: '17:00', end: '19:00' }] },
  },
  {
    givenName: 'Denise', familyName: 'Walker', pronouns: 'she/her', birthDate: '1976-09-14', languages: ['en'],
    contact: { phone: '+1 773 555 0102' }, location: { postalCode: '60640', lat: 41.969, lon: -87.659 },
    preferences: { livedExperience: [{ code: 'substance-use.alcohol', importance: 'preferred' }], peerGender: { value: 'woman', importance: 'preferred' }, modalities: ['in-person', 'phone'], availability: [] },
  },
  {
    givenName: 'Jordan', familyName: 'Lee', pronouns: 'they/them', birthDate: '2004-01-20', languages: ['en'],
    contact: { phone: '+1 773 555 0103', okToText: true }, location: { postalCode: '60615', lat: 41.801, lon: -87.596 },
    preferences: { livedExperience: [{ code: 'identity.lgbtq', importance: 'required' }, { code: 'mental-health.bipolar', importance: 'preferred' }], youthPeer: 'preferred', modalities: ['text', 'video', 'in-person'], availability: [{ day: 'thu', start: '15:00', end: '18:00' }] },
  },
  {
    givenName: 'Robert', familyName: 'Nguyen', preferredName: 'Bobby', pronouns: 'he/him', birthDate: '1969-11-03', languages: ['en'],
    location: { postalCode: '60613', lat: 41.954, lon: -87.657 },
    preferences: { livedExperience: [{ code: 'life.military-service', importance: 'required' }, { code: 'life.homelessness', importance: 'preferred' }], modalities: ['in-person', 'phone'], availability: [] },
  },
  {
    givenName: 'María', familyName: 'Castillo', pronouns: 'she/her', birthDate: '1985-06-30', languages: ['es'],
    contact: { phone: '+1 312 555 0105' }, location: { postalCode: '60623', lat: 41.85, lon: -87.71 },
    preferences: { livedExperience: [{ code: 'life.immigration', importance: 'preferred' }], peerGender: { value: 'woman', importance: 'preferred' }, modalities: ['in-person', 'phone'], availability: [] },
  },
  {
    givenName: 'Angela', familyName: 'Price', pronouns: 'she/her', birthDate: '1972-02-11', languages: ['en'],
    location: { postalCode: '60649', lat: 41.76, lon: -87.57 },
    preferences: { livedExperience: [{ code: 'family.parent-of-child-with-challenges', importance: 'required' }], modalities: ['phone', 'video'], availability: [] },
  },
  {
    givenName: 'Tyrone', familyName: 'Jackson', pronouns: 'he/him', birthDate: '1995-08-08', languages: ['en'],
    location: { postalCode: '60621', lat: 41.776, lon: -87.642 },
    preferences: { livedExperience: [{ code: 'life.incarceration', importance: 'required' }, { code: 'substance-use.cannabis', importance: 'preferred' }], modalities: ['in-person'], availability: [] },
  },
  {
    givenName: 'Emily', familyName: 'Schmidt', pronouns: 'she/her', birthDate: '2002-12-01', languages: ['en'],
    location: { postalCode: '60657', lat: 41.94, lon: -87.653 },
    preferences: { livedExperience: [{ code: 'mental-health.eating-disorder', importance: 'preferred' }], youthPeer: 'preferred', modalities: ['video', 'text'], availability: [] },
  },
];

/**
 * Which demo participants start with a peer (index into DEMO_PARTICIPANTS → peer display name),
 * and how many days ago they were matched: a few days before their first BARC-10 and PHQ-9
 * (outcomes.demo.ts, about 150 days ago), so those fall in the intake window and the measures due
 * now follow from the match; and before their notes of the last three weeks (caseload.demo.ts),
 * so a peer's caseload in those weeks (My work's intensity) counts them.
 */
const STARTING_ASSIGNMENTS: Array<[number, string, number]> = [
  [0, 'Rosa Delgado', 153],
  [1, 'James Running Bear', 154],
  [3, 'James Running Bear', 155],
  [6, 'Rosa Delgado', 156],
];

export const seedPeople = async (ctx: DemoContext): Promise<string[]> => {
  // Each record made when it would have been (the peers a year ago, a match months ago), through
  // the people service on a clock set back (DemoContext.servicesAt).
  const DAY_MS = 86_400_000;
  const now = Date.now();
  let at = now;
  const { people } = ctx.servicesAt(() => new Date(at));
  const peerIds = new Map<string, string>();
  at = now - 400 * DAY_MS;
  for (const { user, ...input } of DEMO_PEERS) {
    const userId = user ? ctx.users.find((u) => u.email.startsWith(`${user}@`))?.id ?? null : null;
    const peer = await people.createPeer(ctx.actor, { ...input, userId });
    peerIds.set(peer.displayName, peer.id);
  }
  const participantIds: string[] = [];
  // The waitlist came in over the last weeks, so the matcher sees who has waited longest.
  const waitedDays = [27, 16, 9, 3];
  let waiting = 0;
  for (const [index, p] of DEMO_PARTICIPANTS.entries()) {
    const match = STARTING_ASSIGNMENTS.find(([i]) => i === index);
    // A matched person came in the day before their match.
    at = match ? now - (match[2] + 1) * DAY_MS : now - waitedDays[waiting++ % waitedDays.length]! * DAY_MS;
    participantIds.push((await people.createParticipant(ctx.actor, participantInput.parse(p))).id);
  }
  for (const [index, peerName, daysAgo] of STARTING_ASSIGNMENTS) {
    at = now - daysAgo * DAY_MS;
    await people.assign(ctx.actor, participantIds[index]!, { peerId: peerIds.get(peerName)!, consent: { given: true, method: 'verbal' } });
  }
  ctx.shared.peerIds = peerIds;
  ctx.shared.participantIds = participantIds;
  return [`  ${DEMO_PEERS.length} peer profiles, ${DEMO_PARTICIPANTS.length} participants (${STARTING_ASSIGNMENTS.length} matched, ${DEMO_PARTICIPANTS.length - STARTING_ASSIGNMENTS.length} on the waitlist)`];
};
