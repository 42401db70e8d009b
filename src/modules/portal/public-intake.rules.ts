import { hmacHex, safeEqual } from '../../core/crypto.ts';
import type { FieldProblem } from '../../core/errors.ts';
import { LIVED_EXPERIENCE, type Lang, type Labels } from '../matching/taxonomy.ts';

/**
 * The public "find a peer" request (issue 23), as pure rules: which questions an agency asks,
 * the one thing always required (a way to reach the person), the reference number, and the simple
 * question that stands in for a CAPTCHA without any third-party service.
 */

/** The questions an agency may ask besides how to reach the person (always asked). */
export const INTAKE_FIELDS = ['name', 'safeTimes', 'language', 'experiences', 'gender', 'modality', 'place'] as const;
export type IntakeField = (typeof INTAKE_FIELDS)[number];

export interface PublicIntakeSettings {
  enabled: boolean;
  fields: IntakeField[];
  /** The agency's own phone, shown first on the page ("call us"). */
  phone: string | null;
  /** Business days within which someone reaches out; the person is told this. */
  responseDays: number;
}

export const DEFAULT_PUBLIC_INTAKE: PublicIntakeSettings = { enabled: true, fields: [...INTAKE_FIELDS], phone: null, responseDays: 2 };

/** The organization's stored `settings.publicIntake`, with defaults for anything missing or unknown. */
export const publicIntakeOf = (raw: unknown): PublicIntakeSettings => {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const fields = Array.isArray(r.fields) ? INTAKE_FIELDS.filter((f) => (r.fields as unknown[]).includes(f)) : DEFAULT_PUBLIC_INTAKE.fields;
  return {
    enabled: typeof r.enabled === 'boolean' ? r.enabled : true,
    fields,
    phone: typeof r.phone === 'string' && r.phone.trim() ? r.phone.trim() : null,
    responseDays: typeof r.responseDays === 'number' && r.responseDays >= 1 && r.responseDays <= 30 ? Math.round(r.responseDays) : 2,
  };
};

/** 988, 211 and 911 on top of every participant-facing page (DOMAIN.md, Crisis). */
export const CRISIS_LINES = [
  { number: '988', tel: '988', sms: '988', labels: { en: 'Suicide & Crisis Lifeline: call or text 988', es: 'Línea de Prevención del Suicidio y Crisis: llame o envíe un texto al 988' } },
  { number: '211', tel: '211', sms: null, labels: { en: 'Help with food, housing and bills: call 211', es: 'Ayuda con comida, vivienda y cuentas: llame al 211' } },
  { number: '911', tel: '911', sms: null, labels: { en: 'In danger right now: call 911', es: 'En peligro ahora mismo: llame al 911' } },
] as const;

// ---------- the request ----------

export interface PeerRequestInput {
  contact: { phone?: string | null | undefined; email?: string | null | undefined; byText?: boolean | undefined; okToLeaveMessage?: boolean | undefined; safeTimes?: string | null | undefined };
  name?: string | null | undefined;
  language?: string | null | undefined;
  experiences?: string[] | undefined;
  gender?: string | null | undefined;
  modality?: 'in-person' | 'phone' | 'either' | null | undefined;
  place?: string | null | undefined;
}

const digitsOf = (phone: string) => phone.replace(/\D/g, '');

/** A phone number a person would type: 7 to 15 digits with spaces, dashes, dots, brackets or a leading +. */
export const isPhone = (phone: string) => /^\+?[\d\s().-]+$/.test(phone) && digitsOf(phone).length >= 7 && digitsOf(phone).length <= 15;

/**
 * Only a way to reach the person is required: a phone number or an email (issue 23). Answers to
 * questions the agency does not ask are dropped, not refused (an old page may still send them).
 */
export const checkPeerRequest = (input: PeerRequestInput, fields: readonly IntakeField[]): { problems: FieldProblem[]; clean: PeerRequestInput } => {
  const problems: FieldProblem[] = [];
  const phone = input.contact.phone?.trim() || null;
  const email = input.contact.email?.trim() || null;
  if (!phone && !email) problems.push({ field: 'body.contact', message: 'Give a phone number or an email so we can reach you.' });
  if (phone && !isPhone(phone)) problems.push({ field: 'body.contact.phone', message: 'Write a phone number with 7 to 15 digits.' });
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.push({ field: 'body.contact.email', message: 'Write an email like name@example.com.' });
  const known = new Set(LIVED_EXPERIENCE.map((e) => e.code));
  (input.experiences ?? []).forEach((c, i) => {
    if (!known.has(c)) problems.push({ field: `body.experiences.${i}`, message: 'Unknown experience.' });
  });
  const asks = (f: IntakeField) => fields.includes(f);
  const clean: PeerRequestInput = {
    contact: {
      phone,
      email,
      byText: phone ? input.contact.byText === true : false,
      okToLeaveMessage: input.contact.okToLeaveMessage === true,
      safeTimes: asks('safeTimes') ? input.contact.safeTimes?.trim() || null : null,
    },
    name: asks('name') ? input.name?.trim() || null : null,
    language: asks('language') ? input.language ?? null : null,
    experiences: asks('experiences') ? [...new Set(input.experiences ?? [])] : [],
    gender: asks('gender') ? input.gender?.trim() || null : null,
    modality: asks('modality') ? input.modality ?? null : null,
    place: asks('place') ? input.place?.trim() || null : null,
  };
  return { problems, clean };
};

// Letters and digits that cannot be mistaken for one another when read out on the phone.
const REFERENCE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A reference like `K7PM-3QXD` from 8 random bytes; the person reads it on the phone. */
export const referenceOf = (bytes: Uint8Array): string => {
  const chars = [...bytes.slice(0, 8)].map((b) => REFERENCE_ALPHABET[b % REFERENCE_ALPHABET.length]!);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}`;
};

// ---------- the simple question ----------

export interface Challenge {
  a: number;
  b: number;
  /** Signed: the answer's hash, when it was asked and until when it holds. */
  token: string;
}

const CHALLENGE_TTL_MS = 2 * 3_600_000;
/** A person reads the page before sending it; a script posting at once is refused. */
export const CHALLENGE_MIN_MS = 1_500;

/** "What is 3 plus 4?": answered without JavaScript, checked without storing anything. */
export const issueChallenge = (key: Buffer, now: Date, a: number, b: number): Challenge => {
  const issued = now.getTime();
  const body = `${issued}.${hmacHex(key, `challenge-answer\n${issued}\n${a + b}`).slice(0, 32)}`;
  return { a, b, token: `${body}.${hmacHex(key, `challenge\n${body}`).slice(0, 32)}` };
};

export type ChallengeResult = 'ok' | 'wrong' | 'expired' | 'too-fast' | 'invalid';

export const checkChallenge = (key: Buffer, token: string, answer: string, now: Date): ChallengeResult => {
  const [issuedText, answerHash, sig] = token.split('.');
  if (!issuedText || !answerHash || !sig || !safeEqual(sig, hmacHex(key, `challenge\n${issuedText}.${answerHash}`).slice(0, 32))) return 'invalid';
  const issued = Number(issuedText);
  if (!Number.isFinite(issued)) return 'invalid';
  const age = now.getTime() - issued;
  if (age > CHALLENGE_TTL_MS) return 'expired';
  if (age < CHALLENGE_MIN_MS) return 'too-fast';
  const n = answer.trim().replace(/^0+(?=\d)/, '');
  if (!/^\d{1,3}$/.test(n)) return 'wrong';
  return safeEqual(answerHash, hmacHex(key, `challenge-answer\n${issued}\n${n}`).slice(0, 32)) ? 'ok' : 'wrong';
};

// ---------- the taxonomy, worded for the public ----------

/** Headings a 6th grader reads; the codes are the matching taxonomy's (matching/taxonomy.ts). */
const PUBLIC_HEADINGS: Record<string, Labels> = {
  'substance-use': { en: 'Drugs or alcohol', es: 'Drogas o alcohol' },
  'recovery-pathway': { en: 'A way to recover', es: 'Una forma de recuperarse' },
  'mental-health': { en: 'Mental health', es: 'Salud mental' },
  life: { en: 'Hard times in life', es: 'Momentos difíciles de la vida' },
  identity: { en: 'Who they are', es: 'Quiénes son' },
  family: { en: 'Family', es: 'Familia' },
};

const PUBLIC_LABELS: Record<string, Labels> = {
  'substance-use': { en: 'Drugs or alcohol (any)', es: 'Drogas o alcohol (cualquiera)' },
  'substance-use.stimulants': { en: 'Meth or cocaine', es: 'Metanfetamina o cocaína' },
  'substance-use.opioids': { en: 'Opioids (like heroin, fentanyl or pills)', es: 'Opioides (como heroína, fentanilo o pastillas)' },
  'recovery-pathway': { en: 'Any way to recover', es: 'Cualquier forma de recuperarse' },
  'recovery-pathway.mutual-help': { en: 'Groups like AA or NA', es: 'Grupos como AA o NA' },
  'recovery-pathway.medication': { en: 'Medicine for recovery (like methadone)', es: 'Medicinas para recuperarse (como metadona)' },
  'recovery-pathway.harm-reduction': { en: 'Staying safer while using', es: 'Cuidarse más mientras consume' },
  'recovery-pathway.faith-based': { en: 'Faith or church', es: 'Fe o iglesia' },
  'mental-health': { en: 'Mental health (any)', es: 'Salud mental (cualquiera)' },
  'mental-health.psychosis': { en: 'Hearing or seeing things others do not', es: 'Oír o ver cosas que otros no' },
  'mental-health.ptsd': { en: 'Trauma (PTSD)', es: 'Trauma (TEPT)' },
  'mental-health.suicide-attempt-survivor': { en: 'Lived through a suicide attempt', es: 'Sobrevivió a un intento de suicidio' },
  life: { en: 'Hard times (any)', es: 'Momentos difíciles (cualquiera)' },
  'life.homelessness': { en: 'Having no home', es: 'No tener casa' },
  'life.incarceration': { en: 'Jail or prison', es: 'Cárcel o prisión' },
  'life.foster-care': { en: 'Growing up in foster care', es: 'Crecer en hogares de crianza' },
  'life.chronic-illness': { en: 'A long-term illness', es: 'Una enfermedad de largo plazo' },
  identity: { en: 'An identity like mine', es: 'Una identidad como la mía' },
  family: { en: 'Family (any)', es: 'Familia (cualquiera)' },
  'family.parent-of-child-with-challenges': { en: 'Raising a child who struggles', es: 'Criar a un hijo con dificultades' },
};

export interface PublicExperienceGroup {
  code: string;
  heading: string;
  options: Array<{ code: string; label: string }>;
}

/** The taxonomy grouped under public headings, each option in plain words. */
export const publicExperienceGroups = (lang: Lang): PublicExperienceGroup[] =>
  LIVED_EXPERIENCE.filter((e) => e.parent === null).map((top) => ({
    code: top.code,
    heading: (PUBLIC_HEADINGS[top.code] ?? top.labels)[lang],
    options: LIVED_EXPERIENCE.filter((e) => e.code === top.code || e.parent === top.code).map((e) => ({ code: e.code, label: (PUBLIC_LABELS[e.code] ?? e.labels)[lang] })),
  }));

/** One experience in public words (the "our peers" page, the intake queue). */
export const publicLabelOf = (code: string, lang: Lang): string =>
  (PUBLIC_LABELS[code] ?? LIVED_EXPERIENCE.find((e) => e.code === code)?.labels ?? { en: code, es: code })[lang];

// ---------- a flood from one address ----------

/**
 * Requests per address in a sliding window, in memory (one process; a restart forgets, which
 * only lets a few more through). Keys are keyed hashes of the address, never the address.
 */
export const createWindowLimiter = (max: number, windowMs: number) => {
  const hits = new Map<string, number[]>();
  return {
    /** 0 when allowed (and counted), else the seconds until the oldest hit leaves the window. */
    take(key: string, now: number): number {
      const recent = (hits.get(key) ?? []).filter((t) => now - t < windowMs);
      if (recent.length >= max) {
        hits.set(key, recent);
        return Math.max(1, Math.ceil((recent[0]! + windowMs - now) / 1000));
      }
      recent.push(now);
      hits.set(key, recent);
      if (hits.size > 50_000) hits.delete(hits.keys().next().value!);
      return 0;
    },
  };
};
