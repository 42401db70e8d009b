import { describe, expect, it } from 'vitest';
import { newScheduleDraft, scheduleDraftFrom, toScheduleInput } from './schedule-form';

describe('the schedule form', () => {
  it('turns the common pattern into the API body, days and windows as numbers', () => {
    const { input, errors } = toScheduleInput(newScheduleDraft('recovery-coaching'));
    expect(errors).toEqual([]);
    expect(input).toEqual({
      intake: { instruments: ['barc-10', 'phq-9'], windowDays: 14 },
      fixed: [
        { day: 30, instruments: ['phq-9'], windowBefore: 7, windowAfter: 7 },
        { day: 90, instruments: ['barc-10', 'phq-9'], windowBefore: 14, windowAfter: 14 },
        { day: 180, instruments: ['barc-10', 'phq-9'], windowBefore: 30, windowAfter: 30 },
      ],
      discharge: { instruments: ['barc-10', 'phq-9'], windowDays: 30 },
      suprt: false,
    });
  });

  it('leaves out a point that is switched off, and reads a stored schedule back', () => {
    const d = newScheduleDraft('drop-in');
    const { input } = toScheduleInput({ ...d, discharge: { ...d.discharge, on: false } });
    expect(input?.discharge).toBeNull();
    const back = scheduleDraftFrom({ ...input!, program: 'drop-in', updatedAt: '2026-01-01T00:00:00Z', updatedBy: null });
    expect(toScheduleInput(back).input).toEqual(input);
  });

  it('names each field it refuses: a bad program code, a negative or empty day, no measure', () => {
    const d = newScheduleDraft('Drop In');
    d.fixed[0]!.day = '-30';
    d.fixed[1]!.windowAfter = '';
    d.intake.instruments = [];
    expect(toScheduleInput(d)).toEqual({
      input: null,
      errors: [
        { field: 'program', key: 'program' },
        { field: 'intake.instruments', key: 'noInstrument' },
        { field: 'fixed.0.day', key: 'wholeDays' },
        { field: 'fixed.1.windowAfter', key: 'wholeDays' },
      ],
    });
  });
});
