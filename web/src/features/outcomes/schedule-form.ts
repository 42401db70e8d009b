import type { ProgramSchedule, ProgramScheduleInput } from './outcomes.api';

/**
 * The schedule form's state and its checks (issue 20). Numbers are kept as typed; the checks
 * here speak the user's language before the server is asked (whole numbers, a day of 1 or more,
 * no negative window); the server names the rest (unknown measures, a day twice, windows that
 * overlap) by field, shown beside that field.
 */
export interface EdgeDraft {
  on: boolean;
  instruments: string[];
  windowDays: string;
}
export interface DayDraft {
  key: number;
  day: string;
  windowBefore: string;
  windowAfter: string;
  instruments: string[];
}
export interface ScheduleDraft {
  program: string;
  existing: boolean;
  intake: EdgeDraft;
  fixed: DayDraft[];
  discharge: EdgeDraft;
  suprt: boolean;
}
export type ScheduleErrorKey = 'program' | 'wholeDays' | 'dayMin' | 'noInstrument';
export interface ScheduleDraftError {
  field: string;
  key: ScheduleErrorKey;
}

let nextKey = 1;
export const dayDraft = (day: number | string, before: number | string, after: number | string, instruments: string[]): DayDraft => ({
  key: nextKey++,
  day: String(day),
  windowBefore: String(before),
  windowAfter: String(after),
  instruments,
});

/** A new schedule starts from a common pattern: intake, 30, 90 and 180 days, discharge. */
export const newScheduleDraft = (program = ''): ScheduleDraft => ({
  program,
  existing: false,
  intake: { on: true, instruments: ['barc-10', 'phq-9'], windowDays: '14' },
  fixed: [dayDraft(30, 7, 7, ['phq-9']), dayDraft(90, 14, 14, ['barc-10', 'phq-9']), dayDraft(180, 30, 30, ['barc-10', 'phq-9'])],
  discharge: { on: true, instruments: ['barc-10', 'phq-9'], windowDays: '30' },
  suprt: false,
});

export const scheduleDraftFrom = (s: ProgramSchedule): ScheduleDraft => ({
  program: s.program,
  existing: true,
  intake: s.intake ? { on: true, instruments: s.intake.instruments, windowDays: String(s.intake.windowDays) } : { on: false, instruments: [], windowDays: '14' },
  fixed: s.fixed.map((f) => dayDraft(f.day, f.windowBefore, f.windowAfter, f.instruments)),
  discharge: s.discharge ? { on: true, instruments: s.discharge.instruments, windowDays: String(s.discharge.windowDays) } : { on: false, instruments: [], windowDays: '30' },
  suprt: s.suprt,
});

const PROGRAM = /^[a-z0-9][a-z0-9-]{0,49}$/;
const whole = (v: string) => (/^\s*\d+\s*$/.test(v) ? Number(v) : null);

export function toScheduleInput(d: ScheduleDraft): { input: ProgramScheduleInput | null; errors: ScheduleDraftError[] } {
  const errors: ScheduleDraftError[] = [];
  if (!PROGRAM.test(d.program.trim())) errors.push({ field: 'program', key: 'program' });
  const edge = (e: EdgeDraft, at: 'intake' | 'discharge') => {
    if (!e.on) return null;
    const windowDays = whole(e.windowDays);
    if (windowDays === null) errors.push({ field: `${at}.windowDays`, key: 'wholeDays' });
    if (e.instruments.length === 0) errors.push({ field: `${at}.instruments`, key: 'noInstrument' });
    return { instruments: e.instruments, windowDays: windowDays ?? 0 };
  };
  const intake = edge(d.intake, 'intake');
  const discharge = edge(d.discharge, 'discharge');
  const fixed = d.fixed.map((f, i) => {
    const day = whole(f.day);
    const windowBefore = whole(f.windowBefore);
    const windowAfter = whole(f.windowAfter);
    if (day === null) errors.push({ field: `fixed.${i}.day`, key: 'wholeDays' });
    else if (day < 1) errors.push({ field: `fixed.${i}.day`, key: 'dayMin' });
    if (windowBefore === null) errors.push({ field: `fixed.${i}.windowBefore`, key: 'wholeDays' });
    if (windowAfter === null) errors.push({ field: `fixed.${i}.windowAfter`, key: 'wholeDays' });
    if (f.instruments.length === 0) errors.push({ field: `fixed.${i}.instruments`, key: 'noInstrument' });
    return { day: day ?? 0, instruments: f.instruments, windowBefore: windowBefore ?? 0, windowAfter: windowAfter ?? 0 };
  });
  return { input: errors.length > 0 ? null : { intake, fixed, discharge, suprt: d.suprt }, errors };
}
