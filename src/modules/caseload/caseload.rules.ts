/**
 * Pure caseload rules: how long a session lasted, when a supervisor must co-sign, how the peer's
 * caseload is ordered, and the narrative templates. No I/O; `now`/`today` come from the caller.
 */
import type { FieldProblem } from '../../core/errors.ts';
import type { CaseloadSettings, EncounterTypeName } from './caseload.schemas.ts';

/** 24 hours: a note longer than a day is a typing mistake, not a session. */
export const MAX_DURATION_MINUTES = 1440;

/**
 * The session's length from `durationMinutes`, or from `endedAt` when the duration is absent.
 * Problems name the field: end before start, under 1 minute, over 24 hours, or both given and
 * disagreeing.
 */
export const resolveDuration = (
  startedAt: string,
  durationMinutes: number | undefined,
  endedAt: string | undefined,
  prefix = 'body',
): { minutes: number; problems: FieldProblem[] } => {
  const problems: FieldProblem[] = [];
  let minutes = durationMinutes;
  if (endedAt !== undefined) {
    const span = Date.parse(endedAt) - Date.parse(startedAt);
    if (span <= 0) {
      problems.push({ field: `${prefix}.endedAt`, message: 'The session must end after it starts' });
    } else {
      const fromEnd = Math.round(span / 60_000);
      if (minutes === undefined) minutes = fromEnd;
      else if (Math.abs(minutes - fromEnd) > 1) problems.push({ field: `${prefix}.endedAt`, message: `The end time does not match the duration of ${minutes} minutes` });
    }
  }
  if (minutes === undefined) {
    if (problems.length === 0) problems.push({ field: `${prefix}.durationMinutes`, message: 'Give the duration in minutes (or the end time)' });
    return { minutes: 0, problems };
  }
  if (minutes < 1) problems.push({ field: `${prefix}.durationMinutes`, message: 'A session lasts at least 1 minute' });
  else if (minutes > MAX_DURATION_MINUTES) problems.push({ field: `${prefix}.durationMinutes`, message: 'A session lasts at most 24 hours (1440 minutes)' });
  return { minutes, problems };
};

/** `date` (YYYY-MM-DD) plus `days`, in the calendar (no time zone involved). */
export const addDays = (date: string, days: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** The instant `months` calendar months after `at` (clamped to the month's last day). */
export const addMonths = (at: Date, months: number): Date => {
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
};

export interface CosignFacts {
  settings: CaseloadSettings;
  /** When the peer started (the peer profile's creation, until the workforce module keeps hire dates). */
  peerSince: Date;
  signedAt: Date;
  /** The note bills a payer (a payer covers the participant on the service date). */
  billsAPayer: boolean;
  /** That payer requires a co-signature. */
  payerRequiresCosign: boolean;
}

/** Whether a supervisor must co-sign a note, decided when the peer signs it. */
export const cosignRequired = (f: CosignFacts): boolean =>
  f.settings.cosign.all ||
  (f.settings.cosign.newPeerMonths !== null && f.signedAt < addMonths(f.peerSince, f.settings.cosign.newPeerMonths)) ||
  (f.settings.cosign.billing && f.billsAPayer) ||
  f.payerRequiresCosign;

export interface CaseloadEntry {
  participantId: string;
  displayName: string;
  nextFollowUpOn: string | null;
}

/**
 * Overdue follow-ups first (the oldest first), then today's and later ones by date, then those
 * without a follow-up; ties by name, then id.
 */
export const compareCaseload = (today: string) => (a: CaseloadEntry, b: CaseloadEntry): number => {
  const rank = (e: CaseloadEntry) => (e.nextFollowUpOn === null ? 2 : e.nextFollowUpOn < today ? 0 : 1);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (a.nextFollowUpOn !== b.nextFollowUpOn && a.nextFollowUpOn !== null && b.nextFollowUpOn !== null) return a.nextFollowUpOn < b.nextFollowUpOn ? -1 : 1;
  const byName = a.displayName.localeCompare(b.displayName);
  if (byName !== 0) return byName;
  return a.participantId < b.participantId ? -1 : a.participantId > b.participantId ? 1 : 0;
};

/** Strengths-based starting points per type, so the peer edits rather than starts from nothing. */
export const NARRATIVE_TEMPLATES: Record<'en' | 'es', Record<EncounterTypeName, string>> = {
  en: {
    individual: 'Met with the participant. What they shared: … Strengths they showed: … What we worked on toward their goal: … How they felt at the end: …',
    group: 'Group session on … The participant took part by … Strengths they showed: … Connection with peers: …',
    outreach: 'Reached out by … Response: … What the participant said they need: … Offered: …',
    accompaniment: 'Went with the participant to … Purpose: … How it went: … What the participant handled on their own: …',
    advocacy: 'Supported the participant to speak up with … Issue: … What the participant asked for: … Outcome: …',
    'crisis-support': 'The participant reached out because … Listened and asked what would help. Safety: … Supports connected: … (988 Suicide & Crisis Lifeline shared if needed.) Plan until next contact: …',
    'family-collateral': 'Talked with … (family/support) with the participant\'s permission. About: … How they can support the participant\'s recovery: …',
  },
  es: {
    individual: 'Me reuní con la persona participante. Lo que compartió: … Fortalezas que mostró: … En qué trabajamos para su meta: … Cómo se sentía al final: …',
    group: 'Sesión de grupo sobre … La persona participó … Fortalezas que mostró: … Conexión con sus pares: …',
    outreach: 'Me comuniqué por … Respuesta: … Lo que dijo que necesita: … Ofrecí: …',
    accompaniment: 'Acompañé a la persona a … Propósito: … Cómo fue: … Lo que resolvió por su cuenta: …',
    advocacy: 'Apoyé a la persona para expresar su voz ante … Asunto: … Lo que pidió: … Resultado: …',
    'crisis-support': 'La persona se comunicó porque … Escuché y pregunté qué le ayudaría. Seguridad: … Apoyos conectados: … (Se compartió la Línea 988 si fue necesario.) Plan hasta el próximo contacto: …',
    'family-collateral': 'Hablé con … (familia/apoyo) con permiso de la persona. Sobre: … Cómo pueden apoyar su recuperación: …',
  },
};

/**
 * The statements notes signed before the attestation named the note's facts store (issue 17
 * replaced them with `attestation.rules.ts`); kept so those notes still read in their language.
 */
export const LEGACY_ATTESTATIONS = {
  en: 'I attest that I provided this service as documented and that this note is accurate and complete.',
  es: 'Declaro que presté este servicio tal como está documentado y que esta nota es exacta y completa.',
} as const satisfies Record<'en' | 'es', string>;

/** Top-level plan fields whose value changed between two versions (for the history). */
export const changedPlanFields = (before: Record<string, unknown> | null, after: Record<string, unknown>): string[] =>
  Object.keys(after).filter((k) => JSON.stringify(before?.[k] ?? null) !== JSON.stringify(after[k] ?? null));
