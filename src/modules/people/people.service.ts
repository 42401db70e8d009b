import { randomUUID } from 'node:crypto';
import type { Actor, UserActor } from '../../core/actor.ts';
import { decryptField, encryptField, type Keys } from '../../core/crypto.ts';
import { AppError, badRequest, conflict, forbidden, notFound, type FieldProblem } from '../../core/errors.ts';
import { offsetOf, type Page, type PageQuery } from '../../core/paging.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { TaxonomyExtension } from '../matching/taxonomy.ts';
import * as repo from './people.repo.ts';
import { codeProblems, duplicateCodeProblems, mayChangeDisclosures, participantScope, visibleDisclosures, windowProblems } from './people.rules.ts';
import type { AssignmentView, ParticipantInput, ParticipantPatch, ParticipantView, PeerInput, PeerPatch, PeerView } from './people.schemas.ts';

export interface PeopleDeps {
  db: Database;
  keys: Keys;
  audit: AuditService;
}

const iso = (d: Date) => d.toISOString();

/** The organization's own lived-experience codes (settings.livedExperienceExtensions). */
export const extensionsOf = (settings: Record<string, unknown> | undefined): TaxonomyExtension[] =>
  Array.isArray(settings?.livedExperienceExtensions) ? (settings.livedExperienceExtensions as TaxonomyExtension[]) : [];

const failIf = (problems: FieldProblem[]) => {
  if (problems.length > 0) throw badRequest(`Check ${problems.map((p) => p.field).join(', ')}.`, problems);
};

const staffOnly = (actor: Actor): UserActor | null => {
  if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden('Analysts see aggregate reports, not individual records.');
  return actor.kind === 'user' ? actor : null;
};

export type PeopleService = ReturnType<typeof createPeopleService>;

export const toAssignmentView = (a: repo.AssignmentRow, peerDisplayName: string): AssignmentView => ({
  id: a.id,
  participantId: a.participantId,
  peer: { id: a.peerId, displayName: peerDisplayName },
  status: a.status as AssignmentView['status'],
  assignedAt: a.assignedAt.toISOString(),
  assignedBy: a.assignedBy,
  consent: a.consent,
  matchScore: a.matchScore,
  endedAt: a.endedAt?.toISOString() ?? null,
  endedBy: (a.endedSide as AssignmentView['endedBy']) ?? null,
  endReason: a.endReason,
  rating: a.rating,
  keptMeeting: a.keptMeeting,
});

export const createPeopleService = ({ db, keys, audit }: PeopleDeps) => {
  /**
   * What a peer sees of a colleague: what a participant would see of them (issue 18), so display
   * name, pronouns, languages, the experience they chose to show participants, specialties and how
   * they meet. Matching-only and private disclosures, birth year, race, gender, home coordinates,
   * workload and credentials are for the peer themself and the staff who match (supervisors, admins).
   */
  const toColleagueView = (row: repo.PeerRow): PeerView => ({
    id: row.id,
    displayName: row.displayName,
    pronouns: row.pronouns,
    languages: row.languages,
    livedExperience: row.livedExperience.filter((d) => d.showToParticipants),
    specialties: row.specialties,
    modalities: row.modalities,
    active: row.active,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  });

  const isColleagueOf = (row: repo.PeerRow, actor: Actor) => actor.kind === 'user' && actor.role === 'peer' && row.userId !== actor.userId;

  const toPeerView = (row: repo.PeerRow, actor: Actor, caseload: number): PeerView =>
    isColleagueOf(row, actor) ? toColleagueView(row) : {
    id: row.id,
    userId: row.userId,
    displayName: row.displayName,
    pronouns: row.pronouns,
    languages: row.languages,
    livedExperience: actor.kind === 'system' ? row.livedExperience : visibleDisclosures(row.userId, actor, row.livedExperience),
    specialties: row.specialties,
    genderIdentity: row.genderIdentity,
    raceEthnicity: row.raceEthnicity,
    birthYear: row.birthYear,
    location: { postalCode: row.postalCode, lat: row.lat, lon: row.lon },
    serviceRadiusKm: row.serviceRadiusKm,
    modalities: row.modalities,
    availability: row.availability,
    timeZone: row.timeZone,
    maxCaseload: row.maxCaseload,
    activeCaseload: caseload,
    acceptingNew: row.acceptingNew,
    certifications: row.certifications,
    npi: row.npi,
    active: row.active,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };

  const checkPeer = (input: Partial<PeerInput>, extensions: TaxonomyExtension[]) =>
    failIf([
      ...codeProblems((input.livedExperience ?? []).map((d) => d.code), 'body.livedExperience', extensions),
      ...duplicateCodeProblems((input.livedExperience ?? []).map((d) => d.code), 'body.livedExperience'),
      ...windowProblems(input.availability ?? [], 'body.availability'),
      ...(input.location && (input.location.lat == null) !== (input.location.lon == null)
        ? [{ field: 'body.location', message: 'Give both lat and lon, or neither' }]
        : []),
    ]);

  const peerColumns = (input: Partial<PeerInput>) => ({
    ...(input.userId !== undefined ? { userId: input.userId } : {}),
    ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
    ...(input.pronouns !== undefined ? { pronouns: input.pronouns } : {}),
    ...(input.languages !== undefined ? { languages: input.languages } : {}),
    ...(input.livedExperience !== undefined ? { livedExperience: input.livedExperience } : {}),
    ...(input.specialties !== undefined ? { specialties: input.specialties } : {}),
    ...(input.genderIdentity !== undefined ? { genderIdentity: input.genderIdentity } : {}),
    ...(input.raceEthnicity !== undefined ? { raceEthnicity: input.raceEthnicity } : {}),
    ...(input.birthYear !== undefined ? { birthYear: input.birthYear } : {}),
    ...(input.location !== undefined
      ? { postalCode: input.location?.postalCode ?? null, lat: input.location?.lat ?? null, lon: input.location?.lon ?? null }
      : {}),
    ...(input.serviceRadiusKm !== undefined ? { serviceRadiusKm: input.serviceRadiusKm } : {}),
    ...(input.modalities !== undefined ? { modalities: input.modalities } : {}),
    ...(input.availability !== undefined ? { availability: input.availability } : {}),
    ...(input.timeZone !== undefined ? { timeZone: input.timeZone } : {}),
    ...(input.maxCaseload !== undefined ? { maxCaseload: input.maxCaseload } : {}),
    ...(input.acceptingNew !== undefined ? { acceptingNew: input.acceptingNew } : {}),
    ...(input.certifications !== undefined ? { certifications: input.certifications } : {}),
    ...(input.npi !== undefined ? { npi: input.npi } : {}),
  });

  const requirePeerEditor = (actor: Actor, peerUserId: string | null) => {
    if (actor.kind === 'system') return;
    if (actor.role === 'admin' || actor.role === 'supervisor') return;
    if (actor.role === 'peer' && peerUserId === actor.userId) return;
    throw forbidden('Only the peer, a supervisor or an admin changes a peer profile.');
  };

  /**
   * Only an admin links a profile to a user account (issue 18): the profile carries the peer's
   * disclosures and caseload, so handing it to another account hands them both. A peer may link
   * only themselves, when creating their own profile; saving the link unchanged is no link.
   */
  const requireLinker = (actor: Actor, userId: string | null | undefined, current: string | null | undefined) => {
    if (userId === undefined || actor.kind === 'system' || actor.role === 'admin') return;
    if (userId === (current ?? null)) return;
    if (actor.role === 'peer' && current === undefined && userId === actor.userId) return;
    throw new AppError(403, 'forbidden', 'Only an admin links a peer profile to a user.', {
      errors: [{ field: 'body.userId', message: 'Only an admin may change this' }],
    });
  };

  const checkLinkedUser = async (tx: Tx, userId: string | null | undefined, exceptPeerId?: string) => {
    if (!userId) return;
    // The foreign key alone would accept another organization's user (foreign keys are checked past
    // row-level security): a profile here would then hold that user, whose own organization could
    // no longer give them a profile (user_id is unique), and the answer would tell which ids exist.
    if (!(await repo.userExists(tx, userId))) {
      throw new AppError(404, 'not-found', 'User not found.', { errors: [{ field: 'body.userId', message: 'No such user in your organization' }] });
    }
    const existing = await repo.getPeerByUser(tx, userId);
    if (existing && existing.id !== exceptPeerId) {
      throw new AppError(409, 'user-has-peer-profile', 'That user already has a peer profile.', { errors: [{ field: 'body.userId', message: 'Already linked' }] });
    }
  };

  // ---------- participants ----------

  const decryptContact = (enc: string | null) => (enc ? (JSON.parse(decryptField(keys.field, enc)) as ParticipantView['contact']) : null);

  const toParticipantView = (row: repo.ParticipantRow, current: { id: string; peerId: string; peerDisplayName: string; assignedAt: Date } | undefined): ParticipantView => ({
    id: row.id,
    givenName: row.givenName,
    familyName: row.familyName,
    preferredName: row.preferredName,
    displayName: row.preferredName || row.givenName,
    pronouns: row.pronouns,
    birthDate: row.birthDate,
    contact: decryptContact(row.contactEnc),
    languages: row.languages,
    location: { postalCode: row.postalCode, lat: row.lat, lon: row.lon },
    genderIdentity: row.genderIdentity,
    raceEthnicity: row.raceEthnicity,
    preferences: row.preferences,
    status: row.status as ParticipantView['status'],
    currentAssignment: current ? { ...current, assignedAt: iso(current.assignedAt) } : null,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  });

  const checkParticipant = (input: Partial<ParticipantInput>, extensions: TaxonomyExtension[]) =>
    failIf([
      ...codeProblems((input.preferences?.livedExperience ?? []).map((p) => p.code), 'body.preferences.livedExperience', extensions),
      ...duplicateCodeProblems((input.preferences?.livedExperience ?? []).map((p) => p.code), 'body.preferences.livedExperience'),
      ...windowProblems(input.preferences?.availability ?? [], 'body.preferences.availability'),
      ...(input.birthDate && input.birthDate > new Date().toISOString().slice(0, 10) ? [{ field: 'body.birthDate', message: 'The birth date is in the future' }] : []),
      ...(input.location && (input.location.lat == null) !== (input.location.lon == null)
        ? [{ field: 'body.location', message: 'Give both lat and lon, or neither' }]
        : []),
    ]);

  const participantColumns = (input: Partial<ParticipantInput>) => ({
    ...(input.givenName !== undefined ? { givenName: input.givenName } : {}),
    ...(input.familyName !== undefined ? { familyName: input.familyName } : {}),
    ...(input.preferredName !== undefined ? { preferredName: input.preferredName || null } : {}),
    ...(input.pronouns !== undefined ? { pronouns: input.pronouns } : {}),
    ...(input.birthDate !== undefined ? { birthDate: input.birthDate } : {}),
    ...(input.contact !== undefined ? { contactEnc: input.contact ? encryptField(keys.field, JSON.stringify(input.contact)) : null } : {}),
    ...(input.languages !== undefined ? { languages: input.languages } : {}),
    ...(input.location !== undefined
      ? { postalCode: input.location?.postalCode ?? null, lat: input.location?.lat ?? null, lon: input.location?.lon ?? null }
      : {}),
    ...(input.genderIdentity !== undefined ? { genderIdentity: input.genderIdentity } : {}),
    ...(input.raceEthnicity !== undefined ? { raceEthnicity: input.raceEthnicity } : {}),
    ...(input.preferences !== undefined ? { preferences: input.preferences as Record<string, unknown> } : {}),
  });

  /**
   * Opens one participant for `actor` or answers 404: another organization's record (RLS hides
   * it) and a record a peer has no part in look the same.
   */
  const openParticipant = async (tx: Tx, actor: Actor, id: string) => admitParticipant(tx, actor, id, await repo.getParticipant(tx, id));

  /**
   * The same checks as `openParticipant` for a row the caller already read (the matcher reads it
   * with its settings in one query).
   */
  const admitParticipant = async <R>(tx: Tx, actor: Actor, id: string, row: R | undefined): Promise<R> => {
    const user = staffOnly(actor);
    if (!row) throw notFound('Participant');
    if (user && participantScope(user.role) === 'own') {
      const peer = await repo.getPeerByUser(tx, user.userId);
      if (!(await repo.participantVisibleTo(tx, id, peer?.id ?? null, user.userId))) throw notFound('Participant');
    }
    return row;
  };

  const service = {
    extensionsOf,

    // ---------- peers ----------

    async createPeer(actor: Actor, input: PeerInput): Promise<PeerView> {
      const orgId = actor.orgId!;
      // A peer may create their own profile; admins and supervisors create any.
      if (actor.kind === 'user' && actor.role === 'peer' && input.userId !== actor.userId) {
        throw forbidden('A peer creates only their own profile (userId must be yours).');
      }
      if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden();
      requireLinker(actor, input.userId, undefined);
      return db.tenant(orgId, async (tx) => {
        const org = await repo.getOrgSettings(tx, orgId);
        checkPeer(input, extensionsOf(org?.settings));
        await checkLinkedUser(tx, input.userId);
        // Disclosures set by someone other than the peer start private until the peer opens them.
        const byPeerOrAdmin = actor.kind === 'system' || mayChangeDisclosures(input.userId ?? null, actor);
        const livedExperience = byPeerOrAdmin ? input.livedExperience : input.livedExperience.map((d) => ({ ...d, useForMatching: false, showToParticipants: false }));
        const row = await repo.insertPeer(tx, {
          id: randomUUID(),
          orgId,
          ...peerColumns({ ...input, livedExperience }),
          displayName: input.displayName,
          active: true,
        } as repo.NewPeerRow);
        await audit.record(tx, actor, { action: 'peer.create', entityType: 'peer', entityId: row.id });
        return toPeerView(row, actor, 0);
      });
    },

    async listPeers(actor: Actor, f: { q?: string | undefined; active?: boolean | undefined }, page: PageQuery): Promise<Page<PeerView>> {
      // A profile is one person's record (lived experience, gender identity, birth year): analysts
      // work from aggregate reports only, as with participants (the web app has no peers page for them).
      staffOnly(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        const { total, items } = await repo.listPeers(tx, f, page.pageSize, offsetOf(page));
        const loads = await repo.activeCaseloads(tx, items.map((p) => p.id));
        return { total, page: page.page, pageSize: page.pageSize, items: items.map((p) => toPeerView(p, actor, loads.get(p.id) ?? 0)) };
      });
    },

    async getPeer(actor: Actor, id: string): Promise<PeerView> {
      staffOnly(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        const row = await repo.getPeer(tx, id);
        if (!row) throw notFound('Peer');
        const loads = await repo.activeCaseloads(tx, [id]);
        return toPeerView(row, actor, loads.get(id) ?? 0);
      });
    },

    async updatePeer(actor: Actor, id: string, patch: PeerPatch): Promise<PeerView> {
      return db.tenant(actor.orgId!, async (tx) => {
        const before = await repo.getPeer(tx, id);
        if (!before) throw notFound('Peer');
        requirePeerEditor(actor, before.userId);
        if (patch.livedExperience !== undefined && actor.kind === 'user' && !mayChangeDisclosures(before.userId, actor)) {
          throw new AppError(403, 'disclosures-belong-to-peer', 'Only the peer (or an admin) changes what the peer discloses.', {
            errors: [{ field: 'body.livedExperience', message: 'Only the peer or an admin may change this' }],
          });
        }
        const org = await repo.getOrgSettings(tx, actor.orgId!);
        checkPeer(patch, extensionsOf(org?.settings));
        requireLinker(actor, patch.userId, before.userId);
        if (patch.userId !== undefined) await checkLinkedUser(tx, patch.userId, id);
        const after = (await repo.updatePeer(tx, id, { ...peerColumns(patch), ...(patch.active !== undefined ? { active: patch.active } : {}) }))!;
        const fields = Object.keys(patch);
        await audit.record(tx, actor, {
          action: patch.livedExperience !== undefined ? 'peer.disclosures_change' : 'peer.update',
          entityType: 'peer',
          entityId: id,
          // By whom matters for disclosures: an admin changing them is a notable event.
          details: { fields, byPeer: actor.kind === 'user' && before.userId === actor.userId },
        });
        const loads = await repo.activeCaseloads(tx, [id]);
        return toPeerView(after, actor, loads.get(id) ?? 0);
      });
    },

    /** The peer profile linked to the signed-in user, if any. */
    async myPeerProfile(actor: UserActor): Promise<PeerView | null> {
      return db.tenant(actor.orgId, async (tx) => {
        const row = await repo.getPeerByUser(tx, actor.userId);
        if (!row) return null;
        const loads = await repo.activeCaseloads(tx, [row.id]);
        return toPeerView(row, actor, loads.get(row.id) ?? 0);
      });
    },

    // ---------- participants ----------

    async createParticipant(actor: Actor, input: ParticipantInput): Promise<ParticipantView> {
      const user = staffOnly(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        const org = await repo.getOrgSettings(tx, actor.orgId!);
        checkParticipant(input, extensionsOf(org?.settings));
        const row = await repo.insertParticipant(tx, {
          id: randomUUID(),
          orgId: actor.orgId!,
          ...participantColumns(input),
          givenName: input.givenName,
          familyName: input.familyName,
          status: 'waitlisted',
          createdBy: user?.userId ?? null,
        } as repo.NewParticipantRow);
        await audit.record(tx, actor, { action: 'participant.create', entityType: 'participant', entityId: row.id });
        return toParticipantView(row, undefined);
      });
    },

    async getParticipant(actor: Actor, id: string): Promise<ParticipantView> {
      return db.tenant(actor.orgId!, async (tx) => {
        const row = await openParticipant(tx, actor, id);
        const current = await repo.currentAssignments(tx, [id]);
        await audit.record(tx, actor, { action: 'participant.read', entityType: 'participant', entityId: id });
        return toParticipantView(row, current.get(id));
      });
    },

    async listParticipants(
      actor: Actor,
      f: { q?: string | undefined; status?: string | undefined; peerId?: string | undefined },
      page: PageQuery,
    ): Promise<Page<ParticipantView>> {
      const user = staffOnly(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        let owner: { ownerPeerId: string | null; ownerUserId: string } | object = {};
        if (user && participantScope(user.role) === 'own') {
          const peer = await repo.getPeerByUser(tx, user.userId);
          owner = { ownerPeerId: peer?.id ?? null, ownerUserId: user.userId };
        }
        const { total, items } = await repo.listParticipants(tx, { ...f, ...owner }, page.pageSize, offsetOf(page));
        const current = await repo.currentAssignments(tx, items.map((p) => p.id));
        // A list shows records: each one returned is a read of that participant.
        await audit.record(tx, actor, {
          action: 'participant.list',
          entityType: 'participant',
          details: { ids: items.map((p) => p.id), filters: Object.keys(f).filter((k) => f[k as keyof typeof f] !== undefined) },
        });
        return { total, page: page.page, pageSize: page.pageSize, items: items.map((p) => toParticipantView(p, current.get(p.id))) };
      });
    },

    async updateParticipant(actor: Actor, id: string, patch: ParticipantPatch): Promise<ParticipantView> {
      return db.tenant(actor.orgId!, async (tx) => {
        const before = await openParticipant(tx, actor, id);
        const org = await repo.getOrgSettings(tx, actor.orgId!);
        checkParticipant(patch, extensionsOf(org?.settings));
        const after = (await repo.updateParticipant(tx, before.id, { ...participantColumns(patch), ...(patch.status ? { status: patch.status } : {}) }))!;
        const current = await repo.currentAssignments(tx, [id]);
        await audit.record(tx, actor, { action: 'participant.update', entityType: 'participant', entityId: id, details: { fields: Object.keys(patch) } });
        return toParticipantView(after, current.get(id));
      });
    },

    // ---------- assignments ----------

    /**
     * Pairs a participant with a peer, recording who, when and the participant's consent. A peer
     * at capacity answers 409; the peer row is locked so concurrent assignments cannot overfill.
     */
    async assign(
      actor: Actor,
      participantId: string,
      input: {
        peerId: string;
        consent: { given: boolean; method: 'verbal' | 'written' | 'electronic' };
        matchScore?: number | null | undefined;
        matchReasons?: Array<{ code: string; label: string }> | undefined;
      },
      /** Run inside a caller's transaction (the batch accept), instead of a new one. */
      within?: Tx,
    ): Promise<AssignmentView> {
      if (actor.kind === 'user' && actor.role !== 'admin' && actor.role !== 'supervisor') {
        throw forbidden('Supervisors and admins assign peers.');
      }
      if (!input.consent.given) {
        throw badRequest('The participant has to agree to the match.', [{ field: 'body.consent.given', message: 'Record the participant\'s consent' }]);
      }
      const work = async (tx: Tx) => {
        await openParticipant(tx, actor, participantId);
        const peer = await repo.lockPeer(tx, input.peerId);
        if (!peer) throw new AppError(404, 'not-found', 'Peer not found.', { errors: [{ field: 'body.peerId', message: 'No such peer' }] });
        if (!peer.active) throw conflict('peer-inactive', `${peer.displayName} is no longer active.`);
        if (await repo.activeAssignmentOf(tx, participantId)) {
          throw conflict('already-assigned', 'This participant already has a peer. End that assignment first.');
        }
        const load = (await repo.activeCaseloads(tx, [peer.id])).get(peer.id) ?? 0;
        if (load >= peer.maxCaseload) {
          throw conflict('peer-full', `${peer.displayName} is at capacity (${load} of ${peer.maxCaseload}).`);
        }
        const now = new Date();
        const row = await repo.insertAssignment(tx, {
          id: randomUUID(),
          orgId: actor.orgId!,
          participantId,
          peerId: peer.id,
          status: 'active',
          assignedAt: now,
          assignedBy: actor.kind === 'user' ? actor.userId : null,
          consent: { given: true, method: input.consent.method, recordedAt: now.toISOString() },
          matchScore: input.matchScore ?? null,
          matchReasons: input.matchReasons ?? [],
        });
        await repo.updateParticipant(tx, participantId, { status: 'active' });
        await audit.record(tx, actor, { action: 'assignment.create', entityType: 'assignment', entityId: row.id, details: { participantId, peerId: peer.id } });
        return toAssignmentView(row, peer.displayName);
      };
      return within ? work(within) : db.tenant(actor.orgId!, work);
    },

    /**
     * Ends an assignment without blame: who ended it and why. The peer's capacity is freed and
     * the participant returns to the waitlist (unless they are leaving the program); that peer is
     * never proposed to them again.
     */
    async endAssignment(
      actor: Actor,
      assignmentId: string,
      input: { endedBy: 'participant' | 'peer' | 'program'; reason: string; returnToWaitlist: boolean },
    ): Promise<AssignmentView> {
      if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden();
      return db.tenant(actor.orgId!, async (tx) => {
        const a = await repo.getAssignment(tx, assignmentId);
        if (!a) throw notFound('Assignment');
        await openParticipant(tx, actor, a.participantId);
        if (a.status !== 'active') throw conflict('assignment-ended', 'This assignment has already ended.');
        const ended = await repo.updateAssignment(tx, a.id, {
          status: 'ended',
          endedAt: new Date(),
          endedBy: actor.kind === 'user' ? actor.userId : null,
          endedSide: input.endedBy,
          endReason: input.reason,
        });
        await repo.updateParticipant(tx, a.participantId, { status: input.returnToWaitlist ? 'waitlisted' : 'inactive' });
        await audit.record(tx, actor, { action: 'assignment.end', entityType: 'assignment', entityId: a.id, details: { participantId: a.participantId, endedBy: input.endedBy } });
        const peer = await repo.getPeer(tx, a.peerId);
        return toAssignmentView(ended, peer?.displayName ?? '');
      });
    },

    async listAssignments(actor: Actor, participantId: string): Promise<AssignmentView[]> {
      return db.tenant(actor.orgId!, async (tx) => {
        await openParticipant(tx, actor, participantId);
        const rows = await repo.assignmentsOfParticipant(tx, participantId);
        await audit.record(tx, actor, { action: 'participant.assignments_read', entityType: 'participant', entityId: participantId });
        return rows.map((r) => toAssignmentView(r.a, r.peerDisplayName));
      });
    },

    /** For other modules' services: opens a participant inside their transaction (404 rules). */
    openParticipant,
    admitParticipant,
  };

  // A refused use case on a participant (403, or 404 as for an absent one) is audited as denied.
  return audit.refusals(service, {
    createParticipant: () => ({ action: 'participant.create', entityType: 'participant' }),
    getParticipant: (_actor, id) => ({ action: 'participant.read', entityType: 'participant', entityId: id }),
    listParticipants: (_actor, f) => ({ action: 'participant.list', entityType: 'participant', details: { ...(f.peerId ? { peerId: f.peerId } : {}) } }),
    updateParticipant: (_actor, id, patch) => ({ action: 'participant.update', entityType: 'participant', entityId: id, details: { fields: Object.keys(patch) } }),
    // Inside a caller's transaction (the batch accept), a refusal is that use case's to record.
    assign: (_actor, participantId, input, within) =>
      within ? null : { action: 'assignment.create', entityType: 'participant', entityId: participantId, details: { peerId: input.peerId } },
    endAssignment: (_actor, assignmentId) => ({ action: 'assignment.end', entityType: 'assignment', entityId: assignmentId }),
    listAssignments: (_actor, participantId) => ({ action: 'participant.assignments_read', entityType: 'participant', entityId: participantId }),
  });
};
