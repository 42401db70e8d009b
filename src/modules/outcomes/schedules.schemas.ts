import { z } from 'zod';

/**
 * The contract of a program's assessment schedule (program-schedule.rules.ts). Days count from
 * the episode's first day; windows include both ends. Instruments known, no day twice and
 * windows that can be told apart are checked by the pure rules, so each problem names its field.
 */
const instruments = z.array(z.string().min(1).max(40)).min(1).max(10);
const edge = z.object({ instruments, windowDays: z.number().int().min(0).max(365) });

export const programCode = z.string().regex(/^[a-z0-9][a-z0-9-]{0,49}$/, 'Use a short lowercase code such as substance-use or mental-health');

export const programScheduleInput = z.object({
  intake: edge.nullable().describe('Given from the first day of the episode to windowDays after'),
  fixed: z
    .array(
      z.object({
        day: z.number().int().min(1).max(3650).describe('Days after the first day of the episode'),
        instruments,
        windowBefore: z.number().int().min(0).max(365),
        windowAfter: z.number().int().min(0).max(365),
      }),
    )
    .max(24),
  discharge: edge.nullable().describe('Given from the end of care to windowDays after'),
  suprt: z.boolean().default(false).describe("Also follow the organization's SUPRT pattern (baseline, reassessment, annual, closeout)"),
});
export type ProgramScheduleInput = z.infer<typeof programScheduleInput>;

export const programScheduleView = programScheduleInput
  .extend({ program: z.string(), updatedAt: z.iso.datetime({ offset: true }), updatedBy: z.uuid().nullable() })
  .meta({ id: 'ProgramSchedule' });
export type ProgramScheduleView = z.infer<typeof programScheduleView>;

export const schedulesView = z
  .object({
    suprt: z.object({ baselineDays: z.number(), reassessmentDays: z.number(), windowDays: z.number(), closeoutDays: z.number(), instruments: z.array(z.string()) }),
    programs: z.array(programScheduleView),
    programsInUse: z.array(z.object({ program: z.string(), sessions: z.number().int() })),
  })
  .meta({ id: 'AssessmentSchedules' });

export const programParam = z.object({ program: programCode });
