import type { Lang } from '../matching/taxonomy.ts';

/** Pure rules of the participant's portal (issue 23). */

/** Short sessions: one hour at most, 15 minutes without a request (a shared or borrowed phone). */
export const PORTAL_SESSION = { maxMs: 60 * 60_000, idleMs: 15 * 60_000 } as const;
/** An invitation link holds a week; a new one replaces it. */
export const INVITATION_DAYS = 7;
/** HIPAA 45 CFR 164.526(b)(2): act on a request to amend no later than 60 days after it. */
export const AMEND_DAYS = 60;

export const addDays = (isoDate: string, days: number) => {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

const EFFECTS: Record<'peer-support' | 'referral-sharing' | 'part2', Record<Lang, string>> = {
  'peer-support': {
    en: 'To stop peer support, tell your peer or call us. Nobody will hold it against you, and you can come back any time.',
    es: 'Para dejar el apoyo entre pares, dígaselo a su par o llámenos. Nadie lo tomará en su contra y puede volver cuando quiera.',
  },
  'referral-sharing': {
    en: 'If you take this back, the link we sent to this place stops working, so they cannot open your details through it any more. What they already saw stays with them.',
    es: 'Si retira este permiso, el enlace que enviamos a este lugar deja de funcionar y ya no podrán ver sus datos con él. Lo que ya vieron se queda con ellos.',
  },
  part2: {
    en: 'If you take this back, we stop sharing your substance use records (42 CFR Part 2) with them from now on. What was already shared cannot be taken back, and the law still forbids them to use it against you.',
    es: 'Si retira este permiso, dejamos de compartir sus registros sobre consumo de sustancias (42 CFR Parte 2) con ellos desde ahora. Lo que ya se compartió no se puede recuperar, y la ley les sigue prohibiendo usarlo en su contra.',
  },
};

/** What taking a consent back does, in plain words. */
export const consentEffect = (kind: keyof typeof EFFECTS, lang: Lang) => EFFECTS[kind][lang];

// ---------- who opened my record ----------

const WHAT: Array<[RegExp, Record<Lang, string>]> = [
  [/^portal\.session\.start$/, { en: 'signed in to this portal', es: 'entró a este portal' }],
  [/^portal\.session\.end$/, { en: 'signed out', es: 'salió del portal' }],
  [/(fhir_everything|record_pdf|record\.download)/, { en: 'made a copy of your record', es: 'hizo una copia de su expediente' }],
  [/^portal\.invitation/, { en: 'sent you a link to this portal', es: 'le envió un enlace a este portal' }],
  [/^portal\./, { en: 'looked at your page in this portal', es: 'miró su página en este portal' }],
  [/plan/, { en: 'looked at or updated your recovery plan', es: 'miró o actualizó su plan de recuperación' }],
  [/^(encounter|note)/, { en: 'wrote or read a note about a meeting with you', es: 'escribió o leyó una nota sobre una reunión con usted' }],
  [/^referral\.link/, { en: 'opened the referral we sent about you', es: 'abrió el referido que enviamos sobre usted' }],
  [/^referral/, { en: 'worked on a referral for you', es: 'trabajó en un referido para usted' }],
  [/^(assessment|outcomes)/, { en: 'looked at or recorded a check-in', es: 'miró o registró un control' }],
  [/matches/, { en: 'looked for a peer for you', es: 'buscó un par para usted' }],
  [/^participant\.create$/, { en: 'opened your record', es: 'abrió su expediente' }],
  [/^assignment|assign/, { en: 'matched you with a peer or changed it', es: 'le asignó un par o lo cambió' }],
  [/(read|list|view|timeline|search)/, { en: 'looked at your record', es: 'miró su expediente' }],
];

export interface AccessEvent {
  actorKind: string;
  actorId: string | null;
  action: string;
  entityType: string | null;
  at: Date;
  /** The participant reading their own log. */
  self: string;
}

/** One line of the participant's access log: who (by name and role, never an address) and what. */
export const describeAccess = (
  e: AccessEvent,
  users: ReadonlyMap<string, { display_name: string | null; role: string; peer_name: string | null }>,
  lang: Lang,
): { at: string; who: string; whoKind: 'you' | 'peer' | 'staff' | 'system' | 'receiver'; what: string } => {
  const what = (WHAT.find(([re]) => re.test(e.action))?.[1] ?? { en: 'changed your record', es: 'cambió su expediente' })[lang];
  const at = e.at.toISOString();
  if (e.actorKind === 'participant' && e.actorId === e.self) return { at, who: lang === 'es' ? 'Usted' : 'You', whoKind: 'you', what };
  if (e.actorKind === 'link') return { at, who: lang === 'es' ? 'El lugar al que le referimos' : 'The place we referred you to', whoKind: 'receiver', what };
  if (e.actorKind === 'user' && e.actorId) {
    const u = users.get(e.actorId);
    const name = u?.peer_name ?? u?.display_name ?? (lang === 'es' ? 'Alguien del equipo' : 'A staff member');
    const role = u ? ROLE_WORDS[u.role]?.[lang] : undefined;
    return { at, who: role ? `${name} (${role})` : name, whoKind: u?.role === 'peer' ? 'peer' : 'staff', what };
  }
  return { at, who: lang === 'es' ? 'El sistema' : 'The system', whoKind: 'system', what };
};

const ROLE_WORDS: Record<string, Record<Lang, string>> = {
  peer: { en: 'peer', es: 'par' },
  supervisor: { en: 'supervisor', es: 'supervisor/a' },
  admin: { en: 'office staff', es: 'personal de oficina' },
  analyst: { en: 'reports', es: 'informes' },
};

/**
 * Repeated lines in a row (the same person doing the same thing, as a session reading page after
 * page) become one line with how many times, so the list stays readable on a phone.
 */
export const collapseRepeats = <T extends { who: string; what: string }>(lines: readonly T[]): Array<T & { times: number }> => {
  const out: Array<T & { times: number }> = [];
  for (const l of lines) {
    const last = out[out.length - 1];
    if (last && last.who === l.who && last.what === l.what) last.times += 1;
    else out.push({ ...l, times: 1 });
  }
  return out;
};
