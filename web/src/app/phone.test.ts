import { describe, expect, it } from 'vitest';
import { phoneParts } from './phone';

describe('phone numbers shown and dialed as people expect', () => {
  it('shows a US number typed any way in one form and dials it with its country code', () => {
    for (const typed of ['312 555 0177', '312.555.0177', '(312) 555-0177', '+1 312-555-0177', '1-312-555-0177']) {
      expect(phoneParts(typed)).toEqual({ text: '(312) 555-0177', extension: null, href: 'tel:+13125550177' });
    }
  });

  it('keeps the extension out of the number dialed and dials it after a pause', () => {
    for (const typed of ['312-555-0100 x204', '(312) 555-0100 ext. 204', '312 555 0100 extension 204', '312-555-0100 #204']) {
      expect(phoneParts(typed)).toEqual({ text: '(312) 555-0100', extension: '204', href: 'tel:+13125550100,204' });
    }
    // A feed's own extension field (HSDS phone.extension) is used as given.
    expect(phoneParts('312-555-0100', '204').href).toBe('tel:+13125550100,204');
  });

  it('leaves short codes and numbers abroad as typed', () => {
    expect(phoneParts('988')).toEqual({ text: '988', extension: null, href: 'tel:988' });
    expect(phoneParts('+52 55 1234 5678')).toEqual({ text: '+52 55 1234 5678', extension: null, href: 'tel:+525512345678' });
  });
});
