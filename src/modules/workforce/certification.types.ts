import type { Citation } from './credential.types.ts';

/**
 * The road to certification (issue 21): a certification body's or training program's applicant
 * pipeline. Steps and eligibility rules are data, because every body differs; each cites its
 * source and the date it was checked.
 */

export interface Words {
  en: string;
  es: string;
}

export type StepKind =
  /** Done when a person marks it done (an application received, an interview held, a fee paid). */
  | 'check'
  /** Done when `required` references have answered their one-time links. */
  | 'references'
  /** Done when the hours reach `required` in total and every domain's minimum. */
  | 'hours';

export interface StepDomain {
  domain: string;
  hours: number;
  title: Words;
}

export interface PipelineStep {
  code: string;
  title: Words;
  kind: StepKind;
  /** references: how many; hours: total hours. */
  required: number | null;
  domains: StepDomain[];
  source: Citation;
}

export interface EligibilityRule {
  code: string;
  title: Words;
  /** What the rule says, in words the applicant reads. */
  explanation: Words;
  source: Citation;
}

export interface PipelineDefinition {
  template: string | null;
  body: string;
  steps: PipelineStep[];
  eligibility: EligibilityRule[];
}

export type StepStatus = 'pending' | 'in-progress' | 'done' | 'waived';

export interface StepRecord {
  stepCode: string;
  status: StepStatus;
  amounts: Record<string, number>;
  startedAt: Date | null;
  completedAt: Date | null;
  note: string | null;
}

export const CERTIFIED = 'certified';
