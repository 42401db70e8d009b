import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Actor, SystemActor, UserActor } from '../../core/actor.ts';
import { decryptField, encryptField, hmacHex, type Keys } from '../../core/crypto.ts';
import { AppError, badRequest, conflict, forbidden, invalidField, notFound, tooManyRequests } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { MatchingService } from '../matching/matching.service.ts';
import type { Lang } from '../matching/taxonomy.ts';
import type { PeopleService } from '../people/people.service.ts';
import * as repo from './portal.repo.ts';
import type { PeerRequestBody, PeerRequestView } from './portal.schemas.ts';
import {
  checkChallenge,
  checkPeerRequest,
  createWindowLimiter,
  CRISIS_LINES,
  DEFAULT_PUBLIC_INTAKE,
  INTAKE_FIELDS,
  issueChallenge,
  publicExperienceGroups,
  publicIntakeOf,
  publicLabelOf,
  referenceOf,
  type PeerRequestInput,
  type PublicIntakeSettings,
} from './public-intake.rules.ts';

export interface PeerRequestsDeps {
  db: Database;
  keys: Keys;
  audit: AuditService;
  people: PeopleService;
  matching: MatchingService;
  clock: () => Date;
  /** Requests per address per hour (issue 23: floods from one address). */
  requestsPerHour?: number;
}

const isUniqueViolation = (e: unknown) => (e as { code?: string; cause?: { code?: string } }).code === '23505' || (e as { cause?: { code?: string } }).cause?.code === '23505';

/** Who runs the intake queue and the public page: supervisors and admins (as for the waitlist). */
const intakeStaff = (actor: Actor): UserActor | null => {
  if (actor.kind === 'system') return null;
  if (actor.role !== 'admin' && actor.role !== 'supervisor') throw forbidden();
  return actor;
};

export type PeerRequestsService = ReturnType<typeof createPeerRequestsService>;

export const createPeerRequestsService = ({ db, keys, audit, people, matching, clock, requestsPerHour = 5 }: PeerRequestsDeps) => {
  const limiter = createWindowLimiter(requestsPerHour, 3_600_000);
  const challengeKey = Buffer.from(hmacHex(keys.tokenHash, 'public-challenge'), 'hex');

  /** The organization of a slug that takes requests; the same 404 whether absent or switched off. */
  const orgOfSlug = async (slug: string) => {
    const org = await db.tenant(null, (tx) => repo.publicOrganization(tx, slug.toLowerCase()));
    const settings = org ? publicIntakeOf(org.public_intake) : null;
    if (!org || !settings?.enabled) throw notFound('Organization');
    return { orgId: org.org_id, name: org.name, timeZone: org.time_zone, settings };
  };

  const newChallenge = (lang: Lang) => {
    const c = issueChallenge(challengeKey, clock(), randomInt(1, 10), randomInt(1, 10));
    return { question: lang === 'es' ? `¿Cuánto es ${c.a} más ${c.b}?` : `What is ${c.a} plus ${c.b}?`, token: c.token };
  };

  /** Stores a checked request under a new reference (drawn again on the rare collision). */
  const store = async (orgId: string, clean: PeerRequestInput, responseDays: number, actor: SystemActor | null, at?: Date) =>
    db.tenant(orgId, async (tx) => {
      for (let attempt = 0; ; attempt++) {
        const id = randomUUID();
        const reference = referenceOf(randomBytes(8));
        try {
          await repo.savepoint(tx, 'pr');
          await repo.insertPeerRequest(tx, {
            id,
            orgId: orgId,
            reference,
            requestEnc: encryptField(keys.field, JSON.stringify(clean)),
            language: clean.language ?? null,
            experiences: clean.experiences ?? [],
            modality: clean.modality ?? null,
            gender: clean.gender ?? null,
            at: at ?? clock(),
          });
          await audit.record(tx, actor, { orgId: orgId, action: 'peer_request.create', entityType: 'peer_request', entityId: id });
          return { reference, responseDays, stored: true };
        } catch (e) {
          if (!isUniqueViolation(e) || attempt >= 3) throw e;
          await repo.rollbackTo(tx, 'pr');
        }
      }
    });

  const toView = (r: repo.PeerRequestRow, lang: Lang): PeerRequestView => {
    const d = JSON.parse(decryptField(keys.field, r.request_enc)) as PeerRequestInput;
    return {
      id: r.id,
      reference: r.reference,
      status: r.status,
      createdAt: r.created_at.toISOString(),
      name: d.name ?? null,
      contact: { phone: d.contact.phone ?? null, email: d.contact.email ?? null, byText: d.contact.byText === true, okToLeaveMessage: d.contact.okToLeaveMessage === true, safeTimes: d.contact.safeTimes ?? null },
      language: r.language,
      experiences: r.experiences.map((code) => ({ code, label: publicLabelOf(code, lang) })),
      gender: r.gender_preference,
      modality: r.modality,
      place: d.place ?? null,
      participantId: r.participant_id,
    };
  };

  return {
    orgOfSlug,

    /** GET /public/organizations/{slug}: what the page shows and asks, and a fresh question. */
    async publicOrganization(slug: string, lang: Lang) {
      const org = await orgOfSlug(slug);
      return {
        name: org.name,
        slug: slug.toLowerCase(),
        phone: org.settings.phone,
        responseDays: org.settings.responseDays,
        asks: org.settings.fields,
        crisisLines: CRISIS_LINES.map((c) => ({ number: c.number, label: c.labels[lang] })),
        experiences: org.settings.fields.includes('experiences') ? publicExperienceGroups(lang) : [],
        challenge: newChallenge(lang),
        settings: org.settings,
      };
    },

    newChallenge,

    /**
     * A public request. Order matters: the flood check first (it costs nothing), then the
     * honeypot (a filled one is answered like a success and nothing is stored, so a script learns
     * nothing), then the question, then the request itself. Nothing is stored unless all pass.
     */
    async submit(slug: string, body: PeerRequestBody, ip: string | null): Promise<{ reference: string; responseDays: number; stored: boolean }> {
      const org = await orgOfSlug(slug);
      const wait = limiter.take(hmacHex(keys.tokenHash, `peer-request-ip\n${ip ?? ''}`), clock().getTime());
      if (wait > 0) throw tooManyRequests('rate-limited', `Too many requests from this address. Try again in ${Math.ceil(wait / 60)} minutes, or call us.`, wait);
      if (body.website && body.website.trim() !== '') return { reference: referenceOf(randomBytes(8)), responseDays: org.settings.responseDays, stored: false };
      const result = checkChallenge(challengeKey, body.challenge.token, body.challenge.answer, clock());
      if (result !== 'ok') {
        const message = result === 'wrong' ? 'That answer is not right. Try the question again.' : result === 'too-fast' ? 'Please take a moment, then send again.' : 'The question timed out. Answer the new one.';
        throw new AppError(400, 'challenge-failed', message, { errors: [{ field: 'body.challenge.answer', message }] });
      }
      const { problems, clean } = checkPeerRequest(body, org.settings.fields);
      if (problems.length > 0) throw badRequest(problems[0]!.message, problems);
      return store(org.orgId, clean, org.settings.responseDays, null);
    },

    /** A request entered by the CLI or the demo (a system actor), with the same checks. */
    async recordRequest(actor: SystemActor, input: PeerRequestInput, at?: Date) {
      if (!actor.orgId) throw forbidden();
      const { problems, clean } = checkPeerRequest(input, INTAKE_FIELDS);
      if (problems.length > 0) throw badRequest(problems[0]!.message, problems);
      return store(actor.orgId, clean, DEFAULT_PUBLIC_INTAKE.responseDays, actor, at);
    },

    async list(actor: Actor, status: 'new' | 'intake' | 'closed' | undefined, lang: Lang): Promise<{ items: PeerRequestView[] }> {
      intakeStaff(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        const rows = await repo.listPeerRequests(tx, status ?? null);
        await audit.record(tx, actor, { action: 'peer_request.list', entityType: 'peer_request', details: { ids: rows.map((r) => r.id) } });
        return { items: rows.map((r) => toView(r, lang)) };
      });
    },

    /**
     * Turns a request into a participant, prefilled from what the person wrote, and answers the
     * top matches at once (matching's own ranking, audited there).
     */
    async intake(actor: Actor, id: string, names: { givenName?: string | undefined; familyName?: string | undefined }, lang: Lang) {
      const user = intakeStaff(actor);
      const request = await db.tenant(actor.orgId!, async (tx) => {
        const row = await repo.getPeerRequest(tx, id);
        if (!row) throw notFound('Request');
        if (row.status !== 'new') throw conflict('request-handled', 'This request was already taken in or closed.');
        return toView(row, lang);
      });
      const [first, ...rest] = (request.name ?? '').split(/\s+/).filter(Boolean);
      const participant = await people.createParticipant(actor, {
        givenName: names.givenName ?? first ?? (lang === 'es' ? 'Solicitud' : 'Request'),
        familyName: names.familyName ?? (rest.length > 0 ? rest.join(' ') : request.reference),
        contact: { phone: request.contact.phone, email: request.contact.email, okToText: request.contact.byText, okToLeaveVoicemail: request.contact.okToLeaveMessage },
        languages: request.language === 'es' ? ['es'] : ['en'],
        location: request.place ? { postalCode: /^\d{5}$/.test(request.place) ? request.place : null } : null,
        raceEthnicity: [],
        preferences: {
          livedExperience: request.experiences.map((e) => ({ code: e.code, importance: 'preferred' as const })),
          ...(request.language === 'es' ? { language: { importance: 'required' as const } } : {}),
          ...(request.gender ? { peerGender: { value: request.gender, importance: 'preferred' as const } } : {}),
          modalities: request.modality === 'in-person' ? ['in-person'] : request.modality === 'phone' ? ['phone'] : ['in-person', 'phone', 'video', 'text'],
          availability: [],
        },
      });
      await db.tenant(actor.orgId!, async (tx) => {
        const row = await repo.getPeerRequest(tx, id);
        if (!row || row.status !== 'new') throw conflict('request-handled', 'This request was already taken in or closed.');
        await repo.markRequestTaken(tx, id, participant.id, user?.userId ?? null, clock());
        await audit.record(tx, actor, { action: 'peer_request.intake', entityType: 'peer_request', entityId: id, details: { participantId: participant.id } });
      });
      const matches = await matching.matches(actor, participant.id, { limit: 3, lang });
      return { participantId: participant.id, matches: matches.map((m) => ({ peer: m.peer, score: m.score, reasons: m.reasons.map((r) => ({ code: r.code, label: r.label })) })) };
    },

    async close(actor: Actor, id: string) {
      const user = intakeStaff(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        const row = await repo.getPeerRequest(tx, id);
        if (!row) throw notFound('Request');
        if (row.status !== 'new') throw conflict('request-handled', 'This request was already taken in or closed.');
        await repo.closeRequest(tx, id, user?.userId ?? null, clock());
        await audit.record(tx, actor, { action: 'peer_request.close', entityType: 'peer_request', entityId: id });
      });
    },

    // ---------- the organization's public page settings ----------

    async getSettings(actor: Actor) {
      if (actor.kind === 'user' && actor.role !== 'admin') throw forbidden();
      return db.tenant(actor.orgId!, async (tx) => {
        const org = await repo.orgPublic(tx, actor.orgId!);
        return { slug: org?.public_slug ?? null, ...pickSettings(publicIntakeOf(org?.settings.publicIntake)) };
      });
    },

    async putSettings(actor: Actor, input: PublicIntakeSettings & { slug: string | null }) {
      if (actor.kind === 'user' && actor.role !== 'admin') throw forbidden();
      return db.tenant(actor.orgId!, async (tx) => {
        try {
          await repo.setOrgPublic(tx, actor.orgId!, input.slug, pickSettings(input) as unknown as Record<string, unknown>);
        } catch (e) {
          if (isUniqueViolation(e)) throw invalidField('body.slug', 'Another organization uses this address. Choose another.');
          throw e;
        }
        await audit.record(tx, actor, { action: 'organization.public_intake.update', entityType: 'organization', entityId: actor.orgId!, details: { fields: input.fields, enabled: input.enabled } });
        return { slug: input.slug, ...pickSettings(input) };
      });
    },

    // ---------- peers in their own words ----------

    async publicPeers(slug: string, lang: Lang) {
      const org = await orgOfSlug(slug);
      return db.tenant(org.orgId, async (tx) => ({
        organization: org.name,
        items: (await repo.publicPeers(tx)).map((p) => ({
          displayName: p.display_name,
          pronouns: p.pronouns,
          languages: p.languages,
          experiences: p.lived_experience.filter((d) => d.showToParticipants).map((d) => publicLabelOf(d.code, lang)),
          bio: p.bio,
        })),
      }));
    },

    async myBio(actor: UserActor) {
      return db.tenant(actor.orgId, async (tx) => {
        const peer = await repo.peerOfUser(tx, actor.userId);
        if (!peer) throw notFound('Peer profile');
        const p = await repo.publicProfileOf(tx, peer.id);
        return { bio: p?.bio ?? '', approved: p?.approved_at != null, updatedAt: p?.updated_at.toISOString() ?? null };
      });
    },

    /** Only the peer writes and approves their own bio; a changed text is approved anew. */
    async putMyBio(actor: UserActor, input: { bio: string; approved: boolean }) {
      return db.tenant(actor.orgId, async (tx) => {
        const peer = await repo.peerOfUser(tx, actor.userId);
        if (!peer) throw notFound('Peer profile');
        const now = clock();
        await repo.putPublicProfile(tx, actor.orgId, peer.id, input.bio, input.approved && input.bio.length > 0 ? now : null, now);
        await audit.record(tx, actor, { action: 'peer.public_bio.update', entityType: 'peer', entityId: peer.id, details: { approved: input.approved } });
        return { bio: input.bio, approved: input.approved && input.bio.length > 0, updatedAt: now.toISOString() };
      });
    },
  };
};

const pickSettings = (s: PublicIntakeSettings): PublicIntakeSettings => ({ enabled: s.enabled, fields: s.fields, phone: s.phone, responseDays: s.responseDays });
