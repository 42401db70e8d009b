import { describe, expect, it } from 'vitest';
import { firstViewLanguage, firstViewPage } from './first-view.ts';
import { renderMyDay, type FirstViewDay } from './my-day.html.ts';

const me = { displayName: 'Rosa Delgado', email: 'rosa@example.org', organization: { name: 'Northside Peers', timeZone: 'America/Chicago' } };
const day: FirstViewDay = {
  date: '2026-12-04',
  peer: { id: 'p', displayName: 'Rosa Delgado' },
  caseload: [
    { participantId: 'a1', displayName: 'Ana <Reyes>', lastContactAt: '2026-12-01T15:00:00Z', nextFollowUpOn: '2026-12-03', followUpOverdue: true, planReviewDue: false },
    { participantId: 'b2', displayName: 'Ben Ward', lastContactAt: null, nextFollowUpOn: null, followUpOverdue: false, planReviewDue: true },
  ],
  plannedToday: [],
  returned: [{ id: 'n1', participants: [{ displayName: 'Ben Ward' }], returnComment: 'Say what Ben chose.' }],
  drafts: [],
};

describe('the first view of My day', () => {
  it("lists the caseload with working links, in the app's words, escaped", () => {
    const html = renderMyDay(day, me, 'en');
    expect(html).toContain('<h1>My day</h1>');
    expect(html).toContain('Welcome, Rosa Delgado. Today is December 4, 2026.');
    expect(html).toContain('<ul aria-labelledby="day-caseload">');
    expect(html).toContain('Ana &lt;Reyes&gt;');
    expect(html).not.toContain('Ana <Reyes>');
    expect(html).toContain('href="/caseload/log?participantId=a1" aria-label="Log a session with Ana &lt;Reyes&gt;"');
    expect(html).toContain('href="/participants/b2/plan"');
    expect(html).toContain('Follow-up overdue');
    expect(html).toContain('no contact yet');
    expect(html).toContain('Returned to you (1)');
    expect(html).toContain('href="/caseload/encounters/n1"');
    expect(html).toContain('<a href="tel:988">');
  });

  it('speaks Spanish, with Spanish plurals and dates', () => {
    const html = renderMyDay({ ...day, returned: [...day.returned, { id: 'n2', participants: [{ displayName: 'Ana' }] }] }, me, 'es');
    expect(html).toContain('<h1>Mi día</h1>');
    expect(html).toContain('Devueltas a usted (2)');
    expect(html).toContain('4 de diciembre de 2026');
    expect(html).toContain('Sus casos');
  });

  it("takes the app's language cookie first, then the browser's", () => {
    expect(firstViewLanguage('es', 'en-US,en')).toBe('es');
    expect(firstViewLanguage(undefined, 'fr-FR, es-MX;q=0.8, en;q=0.5')).toBe('es');
    expect(firstViewLanguage('de', undefined)).toBe('en');
  });

  it('puts the view in the shell and its data in a block no text can break out of', () => {
    const shell = '<html lang="en"><head><script type="module" src="/assets/index-1.js"></script></head><body><div id="root"><!--first-view-->Loading<!--/first-view--></div></body></html>';
    const manifest = {
      'src/app/Layout.tsx': { file: 'assets/Layout-1.js', imports: ['_shared.js'] },
      _shared: { file: 'assets/shared-1.js' },
      '_shared.js': { file: 'assets/shared-1.js' },
      'src/features/caseload/MyDayPage.tsx': { file: 'assets/MyDayPage-1.js', css: ['assets/caseload-1.css'] },
      'src/app/i18n/es.json': { file: 'assets/es-1.js' },
    };
    const page = firstViewPage(shell, manifest, '<div data-first-view>day</div>', { note: '</script><script>alert(1)</script>' }, 'es');
    expect(page).toContain('<html lang="es">');
    expect(page).toContain('<div id="root"><div data-first-view>day</div></div>');
    expect(page).not.toContain('Loading');
    expect(page).not.toContain('</script><script>alert(1)');
    expect(page).toContain('\\u003c/script>');
    for (const f of ['Layout-1.js', 'shared-1.js', 'MyDayPage-1.js', 'es-1.js']) expect(page).toContain(`<link rel="modulepreload" crossorigin href="/assets/${f}">`);
    expect(page).toContain('<link rel="preload" as="style" crossorigin href="/assets/caseload-1.css">');
  });
});
