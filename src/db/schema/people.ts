import { boolean, date, doublePrecision, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// Mirrors src/db/migrations/0002_people.sql.

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export interface LivedExperienceDisclosure {
  code: string;
  useForMatching: boolean;
  showToParticipants: boolean;
}
export interface AvailabilityWindow {
  day: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
  start: string;
  end: string;
}
export interface Certification {
  type: string;
  issuer: string;
  number: string;
  expiresOn: string;
}

export const peers = pgTable('peers', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  userId: uuid('user_id'),
  displayName: text('display_name').notNull(),
  pronouns: text('pronouns'),
  languages: text('languages').array().notNull(),
  livedExperience: jsonb('lived_experience').$type<LivedExperienceDisclosure[]>().notNull(),
  specialties: text('specialties').array().notNull(),
  genderIdentity: text('gender_identity'),
  raceEthnicity: text('race_ethnicity').array().notNull(),
  birthYear: integer('birth_year'),
  postalCode: text('postal_code'),
  lat: doublePrecision('lat'),
  lon: doublePrecision('lon'),
  serviceRadiusKm: doublePrecision('service_radius_km'),
  modalities: text('modalities').array().notNull(),
  availability: jsonb('availability').$type<AvailabilityWindow[]>().notNull(),
  timeZone: text('time_zone').notNull(),
  maxCaseload: integer('max_caseload').notNull(),
  acceptingNew: boolean('accepting_new').notNull(),
  certifications: jsonb('certifications').$type<Certification[]>().notNull(),
  // 0009_billing_peer_npi.sql
  npi: text('npi'),
  active: boolean('active').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const participants = pgTable('participants', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  givenName: text('given_name').notNull(),
  familyName: text('family_name').notNull(),
  preferredName: text('preferred_name'),
  pronouns: text('pronouns'),
  birthDate: date('birth_date', { mode: 'string' }),
  contactEnc: text('contact_enc'),
  languages: text('languages').array().notNull(),
  postalCode: text('postal_code'),
  lat: doublePrecision('lat'),
  lon: doublePrecision('lon'),
  genderIdentity: text('gender_identity'),
  raceEthnicity: text('race_ethnicity').array().notNull(),
  preferences: jsonb('preferences').$type<Record<string, unknown>>().notNull(),
  status: text('status').notNull(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const assignments = pgTable('assignments', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  participantId: uuid('participant_id').notNull(),
  peerId: uuid('peer_id').notNull(),
  status: text('status').notNull(),
  assignedAt: ts('assigned_at').notNull().defaultNow(),
  assignedBy: uuid('assigned_by'),
  consent: jsonb('consent').$type<{ given: boolean; method: string; recordedAt: string }>().notNull(),
  matchScore: doublePrecision('match_score'),
  endedAt: ts('ended_at'),
  endedBy: uuid('ended_by'),
  endedSide: text('ended_side'),
  endReason: text('end_reason'),
  rating: integer('rating'),
  keptMeeting: boolean('kept_meeting'),
  qualityRecordedAt: ts('quality_recorded_at'),
  /** Added by 0007_matching.sql: the reasons of the match, for retention by criterion. */
  matchReasons: jsonb('match_reasons').$type<Array<{ code: string; label: string }>>().notNull().default([]),
});
