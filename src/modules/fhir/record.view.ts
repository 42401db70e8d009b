/**
 * The printable record (issue 23): a participant's record in plain words, in their language,
 * strengths first. Pure: built from the same records as `$everything` (interop/fhir/assemble.ts)
 * under the same 42 CFR Part 2 rules for the reader (interop/fhir/part2.ts), so the PDF never
 * shows what the Bundle would withhold. record.pdf.ts lays it out.
 */
import type { Consent } from '@medplum/fhirtypes';
import type { PersonRecords } from '../../interop/fhir/assemble.ts';
import { PART2_REDISCLOSURE_NOTICE } from '../../interop/fhir/codes.ts';
import type { Reader } from '../../interop/fhir/model.ts';
import { goalIsPart2, goalLeaves, part2ConsentLeaves, referralPart2Leaves } from '../../interop/fhir/part2.ts';
import type { Lang } from '../outcomes/instrument.rules.ts';
import { RECORD_WORDS, wordFor } from './record.words.ts';

export interface RecordSection {
  heading: string;
  note?: string;
  paragraphs?: string[];
  /** A bulleted list. */
  items?: string[];
  table?: { cols: readonly string[]; rows: string[][]; widths: number[] };
  /** Said when there is nothing to show. */
  empty?: string;
}

export interface RecordView {
  lang: Lang;
  title: string;
  lines: string[];
  intro: string;
  sections: RecordSection[];
  /** The 42 CFR Part 2 explanation and notice, when anything printed is covered by Part 2. */
  part2: { heading: string; explanation: string | null; notice: string } | null;
}

export interface AccessLine {
  at: string;
  who: string;
  what: string;
  times: number;
}

/** The person's language for their record: Spanish when it is the first of theirs we speak, else English. */
export const recordLang = (languages: readonly string[]): Lang => (languages.find((l) => l === 'en' || l === 'es') as Lang | undefined) ?? 'en';

export const recordView = (
  r: PersonRecords & { timeZone: string },
  reader: Reader,
  today: string,
  lang: Lang,
  access: readonly AccessLine[],
  now: Date,
): RecordView => {
  const w = RECORD_WORDS[lang];
  const own = reader === 'person';
  const locale = lang === 'es' ? 'es-US' : 'en-US';
  const day = (d: Date | string | null | undefined) =>
    d === null || d === undefined ? '' : typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d)
      ? new Date(`${d}T12:00:00Z`).toLocaleDateString(locale, { dateStyle: 'long', timeZone: 'UTC' })
      : new Date(d).toLocaleDateString(locale, { dateStyle: 'long', timeZone: r.timeZone });
  const shortDay = (d: Date | string) => new Date(d).toLocaleDateString(locale, { dateStyle: 'medium', timeZone: r.timeZone });
  const p = r.participant;
  const name = [p.preferredName ?? p.givenName, p.familyName].filter(Boolean).join(' ');
  const peerName = (id: string | null) => (id ? (r.peers.find((x) => x.id === id)?.displayName ?? '') : '');
  let part2 = false;

  // Strengths first: what the person is good at, and who helps them.
  const strengths: RecordSection = {
    heading: own ? w.strengthsOwn : w.strengths,
    items: r.plan?.strengths ?? [],
    empty: w.noStrengths,
  };
  const supports: RecordSection | null =
    r.plan && r.plan.supports.length > 0 ? { heading: w.supports, items: r.plan.supports.map((s) => (s.notes ? `${s.name}: ${s.notes}` : s.name)) } : null;

  const current = r.assignments.find((a) => a.status === 'active') ?? null;
  const peer: RecordSection = {
    heading: own ? w.peerOwn : w.peer,
    paragraphs: [
      ...(current ? [w.peerSince(peerName(current.peerId), day(current.assignedAt))] : []),
      ...r.assignments.filter((a) => a.status !== 'active').map((a) => w.pastPeer(peerName(a.peerId), day(a.assignedAt), day(a.endedAt))),
    ],
    empty: w.noPeer,
  };

  const goals = (r.plan?.goals ?? []).filter((g) => goalLeaves(g, reader));
  if (goals.some(goalIsPart2)) part2 = true;
  const plan: RecordSection = {
    heading: own ? w.planOwn : w.plan,
    paragraphs: r.plan
      ? [
          ...goals.flatMap((g, i) => [
            `${w.goal(i + 1)}: ${g.text}`,
            [g.lifeArea ? w.area(wordFor('lifeArea', lang, g.lifeArea)) : '', wordFor('goalStatus', lang, g.status)].filter(Boolean).join(' · '),
            ...g.steps.map((s) => `   • ${s.text} (${[wordFor('stepStatus', lang, s.status), s.targetDate ? w.by(day(s.targetDate)) : ''].filter(Boolean).join(', ')})`),
          ]),
          // A plan whose goals all stay home (Part 2, for staff) reads as one with none to show, never as no plan.
          ...(goals.length === 0 ? [w.noGoals] : []),
          ...(r.plan.nextReviewOn ? [w.nextReview(day(r.plan.nextReviewOn))] : []),
          ...(r.plan.agreement ? [w.agreed(day(r.plan.agreement.agreedOn))] : []),
        ]
      : [],
    empty: w.noPlan,
  };

  // Meetings: signed notes' dates and services; the note's words only where the person reads.
  const meetings: RecordSection = {
    heading: w.meetings,
    note: own ? w.meetingsNoteOwn : w.meetingsNote,
    table: {
      cols: w.meetingCols,
      widths: [0.22, 0.4, 0.24, 0.14],
      rows: r.encounters.map((e) => {
        const service = e.voided ? `${wordFor('encounterType', lang, e.type)} — ${w.enteredInError}` : wordFor('encounterType', lang, e.type);
        const words = own && !e.voided ? [e.narrative, e.nextSteps].map((t) => t.trim()).filter(Boolean).join(' ') : '';
        return [shortDay(e.startedAt), words ? `${service}\n${words}` : service, wordFor('modality', lang, e.modality), String(e.durationMinutes)];
      }),
    },
    empty: w.noMeetings,
  };

  const checkins: RecordSection = {
    heading: w.checkins,
    table: {
      cols: w.checkinCols,
      widths: [0.22, 0.3, 0.14, 0.34],
      rows: r.assessments.map((a) => {
        const def = r.instruments.get(`${a.instrument}@${a.version}`);
        const title = def ? (def.title[lang] ?? def.title.en) : a.instrument;
        const band = a.band && def ? Object.values(def.bands).flat().find((b) => b.code === a.band) : undefined;
        return [shortDay(a.administeredAt), title, a.complete && a.total !== null ? String(a.total) : w.incomplete, band ? (band.label[lang] ?? band.label.en) : ''];
      }),
    },
    empty: w.noCheckins,
  };

  const referrals: RecordSection = {
    heading: own ? w.referralsOwn : w.referrals,
    table: {
      cols: w.referralCols,
      widths: [0.22, 0.38, 0.18, 0.22],
      rows: r.referrals.map((ref) => {
        if (referralPart2Leaves(ref, reader, today)) part2 = true;
        return [
          shortDay(ref.createdAt),
          ref.serviceOrganizationName ? `${ref.serviceName} (${ref.serviceOrganizationName})` : ref.serviceName,
          wordFor('need', lang, ref.need),
          wordFor('referralStatus', lang, ref.status),
        ];
      }),
    },
    empty: w.noReferrals,
  };

  const consentLines: string[] = [];
  const given = (on: string | Date | undefined, method: string | undefined) => w.given(day(on ?? ''), wordFor('method', lang, method));
  for (const a of r.assignments) if (a.consent.given) consentLines.push(`${w.consentPeer(peerName(a.peerId))} · ${given(a.consent.recordedAt ?? a.assignedAt, a.consent.method)}`);
  for (const ref of r.referrals) {
    if (ref.sharingConsent?.given) consentLines.push(`${w.consentSharing(ref.serviceOrganizationName ?? ref.serviceName)} · ${given(ref.sharingConsent.recordedAt ?? ref.createdAt, ref.sharingConsent.method)}`);
    const c = ref.part2Consent;
    if (c && part2ConsentLeaves(c, reader, today)) {
      part2 = true;
      const state = c.revokedAt ? w.states.revoked : c.expiresOn < today ? w.states.expired : w.states['in-force'];
      consentLines.push(`${w.consentPart2(c.recipient, c.purpose)} · ${given(c.signedOn, c.method)}, ${w.until(day(c.expiresOn))} · ${state}`);
    }
  }
  for (const c of r.intakeConsents) {
    const consent = c.resource as unknown as Consent;
    const end = consent.provision?.period?.end?.slice(0, 10);
    const inForce = consent.status === 'active' && (end ?? '9999-12-31') >= today;
    if (c.part2 && !part2ConsentLeaves({ revokedAt: consent.status === 'active' ? null : new Date(0), expiresOn: end ?? '9999-12-31' }, reader, today)) continue;
    if (c.part2) part2 = true;
    consentLines.push(`${w.consentIntake}${consent.dateTime ? ` · ${given(consent.dateTime, undefined)}` : ''} · ${inForce ? w.states['in-force'] : w.states.inactive}`);
  }
  const consents: RecordSection = { heading: own ? w.consentsOwn : w.consents, items: consentLines, empty: w.noConsents };

  const opened: RecordSection = {
    heading: own ? w.accessOwn : w.access,
    table: {
      cols: w.accessCols,
      widths: [0.22, 0.33, 0.45],
      rows: access.map((l) => [shortDay(l.at), l.who, l.times > 1 ? `${l.what} ${w.times(l.times)}` : l.what]),
    },
    empty: w.noAccess,
  };

  return {
    lang,
    title: own ? w.titleOwn : name,
    lines: [...(own ? [name] : []), w.title(r.org.name), ...(p.birthDate ? [w.born(day(p.birthDate))] : []), w.made(day(now))],
    intro: own ? w.introOwn : w.introStaff(name),
    sections: [strengths, ...(supports ? [supports] : []), peer, plan, meetings, checkins, referrals, consents, opened],
    part2: part2 ? { heading: w.part2Title, explanation: own ? w.part2Own : null, notice: `${w.part2Notice} ${PART2_REDISCLOSURE_NOTICE}` } : null,
  };
};
