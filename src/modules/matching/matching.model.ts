/**
 * The shapes of lived-experience matching (issue 3): who is matched (the participant and their
 * wishes), against whom (a peer candidate and what they disclosed for matching), and what comes
 * back (scores, reasons, hard-constraint failures). The rules are in matching.rules.ts.
 */
import type { Day, Lang } from './taxonomy.ts';
import type { TaxonomyExtension } from './taxonomy.ts';

export type Importance = 'required' | 'preferred';
export type Audience = 'staff' | 'participant';

export interface LivedExperienceDisclosure {
  code: string;
  /** The peer allows the matcher to use it. Default (when a profile is created): false. */
  useForMatching: boolean;
  /** The peer allows participants to see it. Default: false. */
  showToParticipants: boolean;
}

/** A weekly window in local wall-clock time; `end` may be "24:00". */
export interface AvailabilityWindow {
  day: Day;
  start: string;
  end: string;
}

export interface GeoPoint {
  lat: number;
  lon: number;
  postalCode?: string;
}

export interface PeerCandidate {
  id: string;
  displayName: string;
  /** BCP 47 tags, e.g. `en`, `es-MX`. */
  languages: readonly string[];
  livedExperience: readonly LivedExperienceDisclosure[];
  specialties: readonly string[];
  genderIdentity?: string | null;
  raceEthnicity?: readonly string[] | null;
  birthYear?: number | null;
  location?: GeoPoint | null;
  /** No radius means the peer sets no limit on in-person travel. */
  serviceRadiusKm?: number | null;
  modalities: readonly string[];
  availability: readonly AvailabilityWindow[];
  /** IANA zone of the availability windows. */
  timeZone: string;
  maxCaseload: number;
  activeCaseload: number;
  acceptingNew: boolean;
  /** A previous assignment between this peer and this participant was ended by either side. */
  endedWithParticipant: boolean;
}

export interface ExperienceWish {
  code: string;
  importance: Importance;
}

export interface ParticipantPreferences {
  livedExperience: readonly ExperienceWish[];
  /** Default: required when the participant does not speak English, else preferred (issue 3). */
  language?: { importance: Importance } | null;
  peerGender?: { value: string; importance: Importance } | null;
  sameRaceEthnicity?: 'preferred' | null;
  /**
   * `youth` asks for youth peers; `any` declines. Unset: youth when the participant is 18 to 27
   * (youth peers usually serve that range; DOMAIN.md).
   */
  ageGroup?: 'youth' | 'any' | null;
  /** Acceptable ways to meet; empty means any. */
  modalities: readonly string[];
  availability?: { timeZone: string; windows: readonly AvailabilityWindow[] } | null;
}

export interface ParticipantForMatching {
  id: string;
  /** ISO date; used with `asOf` when `age` is not given. */
  birthDate?: string | null;
  age?: number | null;
  /** BCP 47 tags, the language the participant prefers first. */
  languages: readonly string[];
  location?: GeoPoint | null;
  raceEthnicity?: readonly string[] | null;
  preferences: ParticipantPreferences;
}

export type HardConstraint =
  | 'ended-previously'
  | 'not-accepting-new'
  | 'at-max-caseload'
  | 'no-common-modality'
  | 'language-required'
  | 'gender-required'
  | 'experience-required'
  | 'outside-service-radius';

export interface HardConstraintFailure {
  constraint: HardConstraint;
  /** The participant's wish that is not met, for `experience-required`. */
  code?: string;
}

export interface MatchReason {
  code: string;
  label: string;
}

export interface MatchScore {
  score: number;
  reasons: MatchReason[];
  /** The person's wishes this peer does not meet (issue 17), weightiest first; empty when excluded. */
  unmet: MatchReason[];
  /** Present when hard constraints exclude the peer; score is then 0 and reasons empty. */
  excludedBy?: HardConstraintFailure[];
}

export interface RankedMatch {
  peer: { id: string; displayName: string };
  score: number;
  reasons: MatchReason[];
  /** What the peer does not meet of the person's wishes (see `buildUnmet`). */
  unmet: MatchReason[];
}

export interface MatchContext {
  lang?: Lang;
  audience?: Audience;
  /** Today (ISO date): picks the reference week for time zones and computes ages. */
  asOf?: string;
  /** The organization's taxonomy extensions, for reason wording. */
  extraCodes?: readonly TaxonomyExtension[];
  /**
   * A buffer of WEEK_MINUTES + 1 to hold the participant's free-minute prefix sums instead of a
   * new one: a batch prepares thousands of participants one after another, and allocating 40 KB
   * each was most of the preparation. The prepared participant is then valid only until the
   * buffer is reused.
   */
  prefixBuffer?: Int32Array;
}

export interface RankOptions extends MatchContext {
  limit: number;
}
