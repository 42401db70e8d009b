/**
 * What the FHIR mappers read: Peerbridge's records as plain values (the repository in
 * src/modules/fhir/fhir.repo.ts fills them). No I/O here; every mapper is a pure function of these.
 */

export interface OrgRecord {
  id: string;
  name: string;
}

export interface ParticipantRecord {
  id: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  birthDate: string | null;
  contact: { phone?: string | null; email?: string | null; address?: string | null } | null;
  languages: string[];
  postalCode: string | null;
  status: 'waitlisted' | 'active' | 'inactive';
  createdAt: Date;
}

export interface PeerRecord {
  id: string;
  displayName: string;
  languages: string[];
  npi: string | null;
  active: boolean;
}

export interface AssignmentRecord {
  id: string;
  participantId: string;
  peerId: string;
  status: 'active' | 'ended';
  assignedAt: Date;
  endedAt: Date | null;
  consent: { given: boolean; method?: string; recordedAt?: string };
}

export interface EncounterRecord {
  /** The participant's service line (one per participant of a group note): the Encounter's id. */
  lineId: string;
  encounterId: string;
  participantId: string;
  peerId: string;
  type: string;
  modality: string;
  placeOfService: string;
  startedAt: Date;
  durationMinutes: number;
  /** Voided and not released for resubmission: entered in error. */
  voided: boolean;
  narrative: string;
  nextSteps: string;
}

export interface PlanGoal {
  id: string;
  text: string;
  lifeArea: string | null;
  status: 'active' | 'achieved' | 'paused' | 'discontinued';
  steps: Array<{ id: string; text: string; targetDate: string | null; status: 'not-started' | 'in-progress' | 'done' | 'dropped' }>;
}

export interface PlanRecord {
  participantId: string;
  version: number;
  goals: PlanGoal[];
  strengths: string[];
  supports: Array<{ name: string; kind: string; notes: string | null }>;
  nextReviewOn: string | null;
  agreement: { agreedBy: string; method: string; agreedOn: string } | null;
  updatedAt: Date;
}

export interface Part2ConsentRecord {
  id: string;
  referralId: string;
  participantId: string;
  recipient: string;
  purpose: string;
  expiresOn: string;
  method: string;
  signedOn: string;
  recordedAt: Date;
  revokedAt: Date | null;
}

export interface ReferralRecord {
  id: string;
  participantId: string;
  peerId: string | null;
  serviceName: string;
  serviceOrganizationName: string | null;
  need: string;
  urgency: 'emergent' | 'urgent' | 'routine';
  note: string;
  status: string;
  statusReason: string | null;
  sharedItems: string[];
  sharingConsent: { given: boolean; method?: string; recordedAt?: string } | null;
  part2: boolean;
  outcome: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** The newest Part 2 consent of the referral, if any. */
  part2Consent: Part2ConsentRecord | null;
}

export interface AssessmentRecord {
  id: string;
  participantId: string;
  instrument: string;
  version: string;
  answers: Record<string, number | null>;
  complete: boolean;
  total: number | null;
  band: string | null;
  subscales: Array<{ code: string; score: number | null; band: string | null; prorated?: boolean }>;
  mode: 'peer-administered' | 'self' | 'phone';
  administeredAt: Date;
}

/** Who the bundle is for: staff (a disclosure leaving the program) or the person themself. */
export type Reader = 'staff' | 'person';
