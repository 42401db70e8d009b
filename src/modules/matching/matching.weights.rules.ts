/**
 * An organization's matching weights (issue 3): the criteria's weights and tuning constants, their
 * defaults, and the check of an organization's overrides.
 */
/**
 * Weights of the criteria (any non-negative numbers; only their ratios matter) and the few
 * tuning constants an organization may change.
 */
export interface MatchWeights {
  livedExperience: number;
  language: number;
  availability: number;
  distance: number;
  capacity: number;
  modality: number;
  gender: number;
  raceEthnicity: number;
  ageGroup: number;
  specialty: number;
  /** Credit, 0..1, for a wish met only by a broader or sibling code. */
  relatedExperienceCredit: number;
  /** How much a required wish counts against a preferred one inside the experience criterion. */
  requiredExperienceImportance: number;
  /** Distance at which closeness is worth half. */
  distanceHalfKm: number;
  /** Weekly overlap that counts as fully available (an hour-long meeting with slack). */
  availabilityTargetMinutes: number;
}

/**
 * Defaults: shared experience is the heart of peer support (DOMAIN.md, "Why matching by lived
 * experience matters"), then language and being able to meet at all, then the rest.
 */
export const DEFAULT_WEIGHTS: Readonly<MatchWeights> = Object.freeze({
  livedExperience: 0.35,
  language: 0.15,
  availability: 0.15,
  distance: 0.1,
  capacity: 0.1,
  modality: 0.05,
  gender: 0.05,
  raceEthnicity: 0.05,
  ageGroup: 0.05,
  specialty: 0.05,
  relatedExperienceCredit: 0.4,
  requiredExperienceImportance: 2,
  distanceHalfKm: 15,
  availabilityTargetMinutes: 120,
});

export interface WeightProblem {
  field: string;
  message: string;
}

/** Checks an organization's weight overrides; empty means valid. */
export function validateWeights(overrides: Partial<Record<keyof MatchWeights, unknown>>): WeightProblem[] {
  const problems: WeightProblem[] = [];
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in DEFAULT_WEIGHTS)) {
      problems.push({ field: `weights.${key}`, message: 'unknown weight' });
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      problems.push({ field: `weights.${key}`, message: 'must be a non-negative number' });
    } else if (key === 'relatedExperienceCredit' && value > 1) {
      problems.push({ field: `weights.${key}`, message: 'must be between 0 and 1' });
    } else if ((key === 'distanceHalfKm' || key === 'availabilityTargetMinutes') && value === 0) {
      problems.push({ field: `weights.${key}`, message: 'must be positive' });
    }
  }
  return problems;
}

/** The organization's weights over the defaults. Throws RangeError on invalid overrides. */
export function resolveWeights(overrides: Partial<MatchWeights> = {}): MatchWeights {
  const problems = validateWeights(overrides);
  if (problems.length > 0) {
    throw new RangeError(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }
  return { ...DEFAULT_WEIGHTS, ...overrides };
}
