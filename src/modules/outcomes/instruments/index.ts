import type { InstrumentDefinition } from '../instrument.rules.ts';
import { BARC10 } from './barc10.ts';
import { GAD7 } from './gad7.ts';
import { PHQ9 } from './phq9.ts';
import { SATISFACTION } from './satisfaction.ts';

/** The instruments every organization has. An organization adds its own through the API. */
export const BUILT_IN_INSTRUMENTS: readonly InstrumentDefinition[] = [BARC10, PHQ9, GAD7, SATISFACTION];
