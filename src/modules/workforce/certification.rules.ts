import { CERTIFIED, type PipelineDefinition, type PipelineStep, type StepRecord, type StepStatus } from './certification.types.ts';

/**
 * Pure rules of the road to certification (issue 21): whether a step is complete, what is still
 * missing, and where an applicant is (the first step not complete, in the pipeline's order).
 * Nothing here excludes anyone: eligibility findings are recorded and shown by people.
 */

export interface StepState {
  code: string;
  kind: PipelineStep['kind'];
  status: StepStatus;
  complete: boolean;
  /** Hours done by domain ('total' for a step without domains); references answered. */
  done: Record<string, number>;
  required: Record<string, number>;
  /** What is still missing: hours by domain, references, or the step itself (`step: 1`). */
  missing: Record<string, number>;
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
const round = (n: number) => Math.round(n * 100) / 100;

export const stepState = (step: PipelineStep, rec: StepRecord | undefined, referencesAnswered: number): StepState => {
  const status: StepStatus = rec?.status ?? 'pending';
  const base = { code: step.code, kind: step.kind, status };
  if (status === 'waived') return { ...base, complete: true, done: {}, required: {}, missing: {} };
  if (step.kind === 'references') {
    const required = step.required ?? 1;
    const short = Math.max(0, required - referencesAnswered);
    return { ...base, complete: short === 0, done: { references: referencesAnswered }, required: { references: required }, missing: short > 0 ? { references: short } : {} };
  }
  if (step.kind === 'hours') {
    const amounts = rec?.amounts ?? {};
    const required: Record<string, number> = {};
    const missing: Record<string, number> = {};
    for (const d of step.domains) {
      required[d.domain] = d.hours;
      const short = d.hours - (amounts[d.domain] ?? 0);
      if (short > 0) missing[d.domain] = round(short);
    }
    const total = step.required ?? sum(required);
    required.total = total;
    const shortTotal = total - sum(amounts);
    if (shortTotal > 0) missing.total = round(shortTotal);
    return { ...base, complete: Object.keys(missing).length === 0, done: { ...amounts, total: round(sum(amounts)) }, required, missing };
  }
  const complete = status === 'done';
  return { ...base, complete, done: {}, required: {}, missing: complete ? {} : { step: 1 } };
};

export interface ApplicantState {
  currentStep: string;
  steps: StepState[];
}

/** Every step's state and the applicant's place: the first step not complete, or `certified`. */
export const applicantState = (def: Pick<PipelineDefinition, 'steps'>, records: readonly StepRecord[], referencesAnswered: number): ApplicantState => {
  const byCode = new Map(records.map((r) => [r.stepCode, r]));
  const steps = def.steps.map((s) => stepState(s, byCode.get(s.code), referencesAnswered));
  return { currentStep: steps.find((s) => !s.complete)?.code ?? CERTIFIED, steps };
};

/** Whole days from `from` to `to` (never negative). */
export const daysFrom = (from: Date, to: Date) => Math.max(0, Math.floor((to.getTime() - from.getTime()) / 86_400_000));

/** The median of numbers (null for none). */
export const median = (xs: readonly number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Days a reference link stays usable. */
export const REFERENCE_LINK_DAYS = 14;

/** The path of the public reference page for a token; the HTTP edge makes it absolute. */
export const referencePath = (token: string) => `/ref/${token}`;
