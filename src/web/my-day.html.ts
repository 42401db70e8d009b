import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The peer's day as plain HTML (issue 17: "My day usable under 5 s on slow 3G"): the server sends
 * it inside the app shell, so today's list and its links are on screen as soon as the page
 * arrives, before ~200 kB of scripts have crossed a 400 kbps connection. Every link is an ordinary
 * link (logging a session, a plan, a draft): it works before the scripts, which then take over
 * with the same data (web/src/main.tsx). The words are the web app's own (en.json, es.json), so
 * the page reads the same before and after. Pure: no database, no request.
 */

export type FirstViewLanguage = 'en' | 'es';

export interface FirstViewDay {
  date: string;
  peer: { id: string; displayName: string } | null;
  caseload: Array<{ participantId: string; displayName: string; lastContactAt: string | null; nextFollowUpOn: string | null; followUpOverdue: boolean; planReviewDue: boolean }>;
  plannedToday: Array<{ participantId: string; displayName: string; fromEncounterId: string }>;
  returned: Array<{ id: string; participants: Array<{ displayName: string }>; returnComment?: string | null }>;
  drafts: Array<{ id: string; participants: Array<{ displayName: string }> }>;
}

export interface FirstViewUser {
  displayName: string | null;
  email: string;
  organization: { name: string; timeZone: string };
}

type Texts = Record<string, unknown>;
const I18N_DIR = join(import.meta.dirname, '..', '..', 'web', 'src', 'app', 'i18n');
const texts: Partial<Record<FirstViewLanguage, Texts>> = {};
const textsOf = (lng: FirstViewLanguage): Texts => (texts[lng] ??= JSON.parse(readFileSync(join(I18N_DIR, `${lng}.json`), 'utf8')) as Texts);

const lookup = (all: Texts, key: string): string | null => {
  let node: unknown = all;
  for (const part of key.split('.')) node = node && typeof node === 'object' ? (node as Texts)[part] : undefined;
  return typeof node === 'string' ? node : null;
};

/** i18next's lookup as the app uses it: `{{name}}` values and `_one`/`_other` plurals, English as fallback. */
export const translator = (lng: FirstViewLanguage) => {
  const plural = new Intl.PluralRules(lng);
  return (key: string, values: Record<string, string | number> = {}): string => {
    const keys = typeof values.count === 'number' ? [`${key}_${plural.select(values.count)}`, `${key}_other`, key] : [key];
    let text: string | null = null;
    for (const l of [lng, 'en'] as const) {
      for (const k of keys) text ??= lookup(textsOf(l), k);
    }
    return (text ?? key).replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(values[name] ?? ''));
  };
};

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Same as the app's formatDate (web/src/app/format.ts): a calendar date as that day, an instant in the organization's zone. */
const dateIn = (lng: FirstViewLanguage, timeZone: string) => (value: string) => {
  const calendar = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = new Date(calendar ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(lng === 'es' ? 'es-US' : 'en-US', { dateStyle: 'long', timeZone: calendar ? 'UTC' : timeZone }).format(d);
};

/** Styles of the view alone (the app's stylesheet is still on its way), close to the app's look. */
export const FIRST_VIEW_CSS = `
body{margin:0}
.fv{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1b1e;line-height:1.55;font-size:1rem}
.fv a{color:#1864ab}
.fv-top{display:flex;align-items:baseline;gap:.75rem;padding:.75rem 1rem;border-bottom:1px solid #dee2e6;min-height:2rem}
.fv-brand{font-weight:700;font-size:1.25rem;color:#1864ab}
.fv-org{font-size:.875rem;color:#495057}
.fv-main{padding:1rem .75rem;max-width:60rem;display:flex;flex-direction:column;gap:1rem}
.fv-head{display:flex;flex-direction:column;gap:.75rem}
.fv h1{font-size:1.625rem;margin:0;line-height:1.3}
.fv h2{font-size:1.25rem;margin:0 0 .5rem}
.fv h3{font-size:1.0625rem;margin:0}
.fv p{margin:0}
.fv-log{display:block;text-align:center;background:#1864ab;color:#fff!important;text-decoration:none;font-weight:600;font-size:1.125rem;padding:.75rem 1.25rem;border-radius:.25rem}
.fv ul{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:.75rem}
.fv-card{border:1px solid #dee2e6;border-radius:.25rem;padding:.75rem;display:flex;flex-direction:column;gap:.375rem}
.fv-card-head{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem}
.fv-badges{display:flex;gap:.375rem;flex-wrap:wrap}
.fv-badge{font-size:.75rem;font-weight:700;text-transform:uppercase;border-radius:1rem;padding:0 .5rem}
.fv-overdue{background:#c92a2a;color:#fff}
.fv-review{border:1px solid #1864ab;color:#1864ab}
.fv dl{margin:0;display:flex;flex-wrap:wrap;column-gap:1.5rem;font-size:.875rem}
.fv dl div{display:flex;gap:.25rem;flex-wrap:wrap}
.fv dt{font-weight:600}
.fv dd{margin:0}
.fv-links{display:flex;gap:1rem;flex-wrap:wrap}
.fv-foot{border-top:1px solid #dee2e6;padding:.75rem 1rem;font-size:.875rem}
@media (min-width:48em){.fv-main{padding:1.25rem 1.5rem}.fv-head{flex-direction:row;justify-content:space-between;align-items:center}.fv-log{display:inline-block}}
`;

/**
 * The view that stands in `#root` until the app renders. `data-first-view` marks it: the app's
 * first render replaces it (React clears the container), and tests and the benchmark tell the two apart.
 */
export function renderMyDay(day: FirstViewDay, me: FirstViewUser, lng: FirstViewLanguage): string {
  const t = translator(lng);
  const e = escapeHtml;
  const date = dateIn(lng, me.organization.timeZone);
  const name = me.displayName?.trim() || me.email;
  const who = (n: { participants: Array<{ displayName: string }> }) => n.participants.map((p) => p.displayName).join(', ');
  const section = (id: string, title: string, body: string) => `<section aria-labelledby="${id}"><h2 id="${id}">${e(title)}</h2>${body}</section>`;
  const logLink = (participantId: string, displayName: string) =>
    `<a href="/caseload/log?participantId=${e(participantId)}" aria-label="${e(t('caseload.day.logWith', { name: displayName }))}">${e(t('caseload.day.logShort'))}</a>`;

  const parts: string[] = [];
  parts.push(`<p>${e(t('caseload.day.welcome', { name }))} ${e(t('caseload.day.today', { date: date(day.date) }))}</p>`);
  if (!day.peer) parts.push(`<p><strong>${e(t('caseload.day.noPeerTitle'))}</strong> ${e(t('caseload.day.noPeer'))}</p>`);
  if (day.returned.length > 0) {
    const items = day.returned.map(
      (n) =>
        `<li class="fv-card"><a href="/caseload/encounters/${e(n.id)}"><strong>${e(t('caseload.day.fixNote', { who: who(n) }))}</strong></a>${
          n.returnComment ? `<p><strong>${e(t('caseload.day.supervisorSaid'))}</strong> ${e(n.returnComment)}</p>` : ''
        }</li>`,
    );
    parts.push(section('day-returned', t('caseload.day.returned', { count: day.returned.length }), `<ul>${items.join('')}</ul>`));
  }
  parts.push(
    section(
      'day-planned',
      t('caseload.day.planned'),
      day.plannedToday.length === 0
        ? `<p>${e(t('caseload.day.nothingPlanned'))}</p>`
        : `<ul>${day.plannedToday.map((p) => `<li class="fv-links"><strong>${e(p.displayName)}</strong>${logLink(p.participantId, p.displayName)}</li>`).join('')}</ul>`,
    ),
  );
  if (day.drafts.length > 0) {
    const items = day.drafts.map((n) => `<li class="fv-card"><a href="/caseload/encounters/${e(n.id)}"><strong>${e(t('caseload.day.finishNote', { who: who(n) }))}</strong></a></li>`);
    parts.push(section('day-drafts', t('caseload.day.drafts', { count: day.drafts.length }), `<ul>${items.join('')}</ul>`));
  }
  const caseload =
    day.caseload.length === 0
      ? `<p>${e(t('caseload.day.noCaseload'))}</p>`
      : `<ul aria-labelledby="day-caseload">${day.caseload
          .map((c) => {
            const badges = [
              c.followUpOverdue ? `<span class="fv-badge fv-overdue">${e(t('caseload.day.overdue'))}</span>` : '',
              c.planReviewDue ? `<span class="fv-badge fv-review">${e(t('caseload.day.planReviewDue'))}</span>` : '',
            ].join('');
            return `<li><article class="fv-card" aria-labelledby="fv-${e(c.participantId)}"><div class="fv-card-head"><h3 id="fv-${e(c.participantId)}">${e(c.displayName)}</h3>${
              badges ? `<div class="fv-badges">${badges}</div>` : ''
            }</div><dl><div><dt>${e(t('caseload.day.lastContact'))}</dt><dd>${e(c.lastContactAt ? date(c.lastContactAt) : t('caseload.day.noContactYet'))}</dd></div><div><dt>${e(
              t('caseload.day.nextFollowUp'),
            )}</dt><dd>${e(c.nextFollowUpOn ? date(c.nextFollowUpOn) : t('caseload.day.noneplanned'))}</dd></div></dl><div class="fv-links">${logLink(
              c.participantId,
              c.displayName,
            )}<a href="/participants/${e(c.participantId)}/plan" aria-label="${e(t('caseload.day.planOf', { name: c.displayName }))}">${e(t('caseload.day.plan'))}</a></div></article></li>`;
          })
          .join('')}</ul>`;
  parts.push(section('day-caseload', t('caseload.day.caseload'), caseload));

  // 988 and 211 on every page (DOMAIN.md, Crisis), as the app's footer words them (CrisisFooter.tsx).
  const crisisLinks: Record<string, string> = { call: 'tel:988', text: 'sms:988', local: 'tel:211', emergency: 'tel:911' };
  const crisis = e(t('crisis.text')).replace(/&lt;(call|text|local|emergency)&gt;(.*?)&lt;\/\1&gt;/g, (_, tag: string, inner: string) => `<a href="${crisisLinks[tag]}">${inner}</a>`);
  const footer = `<footer class="fv-foot"><p><strong>${e(t('crisis.heading'))}</strong> ${crisis}</p></footer>`;

  return `<div class="fv" data-first-view><header class="fv-top"><span class="fv-brand">Peerbridge</span><span class="fv-org">${e(me.organization.name)}</span></header><main class="fv-main" id="main"><div class="fv-head"><h1>${e(
    t('caseload.day.title'),
  )}</h1><a class="fv-log" href="/caseload/log">${e(t('caseload.day.logSession'))}</a></div>${parts.join('')}</main>${footer}</div>`;
}
