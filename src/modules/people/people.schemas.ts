import { z } from 'zod';
import { isValidNpi } from '../billing/npi.rules.ts';
import { DAYS, MODALITIES, SPECIALTIES } from '../matching/taxonomy.ts';

/**
 * The contracts of peer profiles and participants: request validation, response shapes and the
 * OpenAPI document come from these. Cross-field rules (known taxonomy codes, windows that end
 * after they start) live in people.rules.ts so the CLI and imports apply them too.
 */

/**
 * A PATCH body: every field optional and no defaults, so a field left out is left alone (zod's
 * `.partial()` would still fill in defaults and overwrite stored values).
 */
export const patchOf = <T extends z.ZodRawShape>(schema: z.ZodObject<T>) =>
  z.object(
    Object.fromEntries(
      Object.entries(schema.shape).map(([key, field]) => [key, (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType)).optional()]),
    ) as unknown as { [K in keyof T]: z.ZodOptional<T[K] extends z.ZodDefault<infer I> ? I : T[K]> },
  );

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Use HH:MM (24-hour)');
export const availabilityWindow = z.object({ day: z.enum(DAYS), start: hhmm, end: hhmm });
// BCP 47: a primary language subtag with optional region/script subtags (en, es, es-MX, zh-Hant).
export const languageTag = z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'Use a BCP 47 language code such as en or es');
export const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'Unknown IANA time zone');
const location = z.object({
  postalCode: z.string().trim().max(20).nullable().optional(),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lon: z.number().min(-180).max(180).nullable().optional(),
});
const importance = z.enum(['required', 'preferred']);

export const disclosure = z.object({
  code: z.string().min(1).max(100),
  useForMatching: z.boolean().default(false),
  showToParticipants: z.boolean().default(false),
});

export const certification = z.object({
  type: z.string().trim().min(1).max(100),
  issuer: z.string().trim().min(1).max(200),
  number: z.string().trim().max(100).default(''),
  expiresOn: z.iso.date(),
});

export const peerInput = z.object({
  userId: z.uuid().nullable().optional(),
  displayName: z.string().trim().min(1).max(200),
  pronouns: z.string().trim().max(50).nullable().optional(),
  languages: z.array(languageTag).max(20).default(['en']),
  livedExperience: z.array(disclosure).max(60).default([]),
  specialties: z.array(z.enum(SPECIALTIES)).max(SPECIALTIES.length).default([]),
  genderIdentity: z.string().trim().max(100).nullable().optional(),
  raceEthnicity: z.array(z.string().trim().min(1).max(100)).max(10).default([]),
  birthYear: z.number().int().min(1900).max(2100).nullable().optional(),
  location: location.nullable().optional(),
  serviceRadiusKm: z.number().min(0).max(1000).nullable().optional(),
  modalities: z.array(z.enum(MODALITIES)).max(MODALITIES.length).default(['in-person', 'phone']),
  availability: z.array(availabilityWindow).max(50).default([]),
  timeZone: timeZone.default('America/New_York'),
  maxCaseload: z.number().int().min(0).max(500).default(15),
  acceptingNew: z.boolean().default(true),
  certifications: z.array(certification).max(20).default([]),
  /** National Provider Identifier, for the rendering provider on claims (837P 2310B NM109). */
  npi: z
    .string()
    .regex(/^\d{10}$/, 'An NPI is 10 digits')
    .refine(isValidNpi, 'This NPI fails its check digit (CMS Luhn rule); check it for a typing error')
    .nullable()
    .optional(),
});
export type PeerInput = z.infer<typeof peerInput>;

export const peerPatch = patchOf(peerInput).extend({ active: z.boolean().optional() });
export type PeerPatch = z.infer<typeof peerPatch>;

/**
 * A peer profile. Fields marked optional are absent when a peer reads a colleague's profile: a
 * peer sees of a colleague what a participant would see (issue 18); the peer themself,
 * supervisors and admins get every field.
 */
export const peerView = z
  .object({
    id: z.uuid(),
    userId: z.uuid().nullable().optional(),
    displayName: z.string(),
    pronouns: z.string().nullable(),
    languages: z.array(z.string()),
    livedExperience: z.array(z.object({ code: z.string(), useForMatching: z.boolean(), showToParticipants: z.boolean() })),
    specialties: z.array(z.string()),
    genderIdentity: z.string().nullable().optional(),
    raceEthnicity: z.array(z.string()).optional(),
    birthYear: z.number().nullable().optional(),
    location: z.object({ postalCode: z.string().nullable(), lat: z.number().nullable(), lon: z.number().nullable() }).optional(),
    serviceRadiusKm: z.number().nullable().optional(),
    modalities: z.array(z.string()),
    availability: z.array(z.object({ day: z.string(), start: z.string(), end: z.string() })).optional(),
    timeZone: z.string().optional(),
    maxCaseload: z.number().optional(),
    activeCaseload: z.number().optional(),
    acceptingNew: z.boolean().optional(),
    certifications: z.array(z.object({ type: z.string(), issuer: z.string(), number: z.string(), expiresOn: z.string() })).optional(),
    npi: z.string().nullable().optional(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Peer' });
export type PeerView = z.infer<typeof peerView>;

export const preferences = z.object({
  livedExperience: z.array(z.object({ code: z.string().min(1).max(100), importance })).max(30).default([]),
  /** Absent: required when the person does not speak English, otherwise not asked. */
  language: z.object({ importance }).nullable().optional(),
  peerGender: z.object({ value: z.string().trim().min(1).max(100), importance }).nullable().optional(),
  sameRaceEthnicity: z.literal('preferred').nullable().optional(),
  /** Youth peers serve ages 18-27; absent: preferred for a participant of that age. */
  youthPeer: importance.nullable().optional(),
  modalities: z.array(z.enum(MODALITIES)).max(MODALITIES.length).default(['in-person', 'phone', 'video', 'text']),
  availability: z.array(availabilityWindow).max(50).default([]),
  timeZone: timeZone.optional(),
});
export type Preferences = z.infer<typeof preferences>;

export const contact = z.object({
  phone: z.string().trim().max(40).nullable().optional(),
  email: z.email().max(320).nullable().optional(),
  address: z.string().trim().max(400).nullable().optional(),
  okToText: z.boolean().optional(),
  okToLeaveVoicemail: z.boolean().optional(),
});

export const participantInput = z.object({
  givenName: z.string().trim().min(1).max(100),
  familyName: z.string().trim().min(1).max(100),
  preferredName: z.string().trim().max(100).nullable().optional(),
  pronouns: z.string().trim().max(50).nullable().optional(),
  birthDate: z.iso.date().nullable().optional(),
  contact: contact.nullable().optional(),
  languages: z.array(languageTag).min(1).max(20).default(['en']),
  location: location.nullable().optional(),
  genderIdentity: z.string().trim().max(100).nullable().optional(),
  raceEthnicity: z.array(z.string().trim().min(1).max(100)).max(10).default([]),
  preferences: preferences.default({ livedExperience: [], modalities: ['in-person', 'phone', 'video', 'text'], availability: [] }),
});
export type ParticipantInput = z.infer<typeof participantInput>;

export const participantPatch = patchOf(participantInput).extend({ status: z.enum(['waitlisted', 'active', 'inactive']).optional() });
export type ParticipantPatch = z.infer<typeof participantPatch>;

export const participantView = z
  .object({
    id: z.uuid(),
    givenName: z.string(),
    familyName: z.string(),
    preferredName: z.string().nullable(),
    displayName: z.string(),
    pronouns: z.string().nullable(),
    birthDate: z.string().nullable(),
    contact: contact.nullable(),
    languages: z.array(z.string()),
    location: z.object({ postalCode: z.string().nullable(), lat: z.number().nullable(), lon: z.number().nullable() }),
    genderIdentity: z.string().nullable(),
    raceEthnicity: z.array(z.string()),
    preferences: z.record(z.string(), z.unknown()),
    status: z.enum(['waitlisted', 'active', 'inactive']),
    currentAssignment: z.object({ id: z.uuid(), peerId: z.uuid(), peerDisplayName: z.string(), assignedAt: z.string() }).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Participant' });
export type ParticipantView = z.infer<typeof participantView>;

export const assignmentInput = z.object({
  peerId: z.uuid(),
  consent: z.object({ given: z.boolean(), method: z.enum(['verbal', 'written', 'electronic']).default('verbal') }),
});

export const assignmentEnd = z.object({
  endedBy: z.enum(['participant', 'peer', 'program']),
  reason: z.string().trim().min(1).max(1000),
  returnToWaitlist: z.boolean().default(true),
});

export const assignmentView = z
  .object({
    id: z.uuid(),
    participantId: z.uuid(),
    peer: z.object({ id: z.uuid(), displayName: z.string() }),
    status: z.enum(['active', 'ended']),
    assignedAt: z.string(),
    assignedBy: z.uuid().nullable(),
    consent: z.object({ given: z.boolean(), method: z.string(), recordedAt: z.string() }),
    matchScore: z.number().nullable(),
    endedAt: z.string().nullable(),
    endedBy: z.enum(['participant', 'peer', 'program']).nullable(),
    endReason: z.string().nullable(),
    rating: z.number().nullable(),
    keptMeeting: z.boolean().nullable(),
  })
  .meta({ id: 'Assignment' });
export type AssignmentView = z.infer<typeof assignmentView>;
