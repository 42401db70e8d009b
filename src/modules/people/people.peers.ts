// Peer profiles, split from people.service.ts: created by the peer themself or by staff, read
// and changed under issue 18 (a peer sees of a colleague what a participant would see; the peer's
// lived-experience disclosures are theirs to change, and only an admin links a profile to a user
// account). people.service.ts offers these use cases with the participants' and assignments';
// each change is audited.
import { randomUUID } from 'node:crypto';
import type { Actor, UserActor } from '../../core/actor.ts';
import { AppError, failIfProblems, forbidden, notFound } from '../../core/errors.ts';
import { offsetOf, type Page, type PageQuery } from '../../core/paging.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { TaxonomyExtension } from '../matching/taxonomy.ts';
import { extensionsOf, iso, staffOnly } from './people.common.ts';
import * as repo from './people.repo.ts';
import { codeProblems, duplicateCodeProblems, mayChangeDisclosures, visibleDisclosures, windowProblems } from './people.rules.ts';
import type { PeerInput, PeerPatch, PeerView } from './people.schemas.ts';

interface PeerDeps {
  db: Database;
  audit: AuditService;
}

export const createPeerCases = ({ db, audit }: PeerDeps) => {
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
    failIfProblems([
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

  return {
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
  };
};
