// Participants, split from people.service.ts: their records (contact details encrypted at rest
// with `keys.field`), created, read, listed and changed. Participant rows are health data: every
// read and write is audited (0002_people.sql), and a peer sees only the participants they have a
// part in (people.rules.ts participantScope). people.service.ts offers these use cases; a refused
// one is audited as denied there (audit.refusals).
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { decryptField, encryptField, type Keys } from '../../core/crypto.ts';
import { failIfProblems } from '../../core/errors.ts';
import { offsetOf, type Page, type PageQuery } from '../../core/paging.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { TaxonomyExtension } from '../matching/taxonomy.ts';
import { extensionsOf, iso, openParticipant, staffOnly } from './people.common.ts';
import * as repo from './people.repo.ts';
import { codeProblems, duplicateCodeProblems, participantScope, windowProblems } from './people.rules.ts';
import type { ParticipantInput, ParticipantPatch, ParticipantView } from './people.schemas.ts';

interface ParticipantDeps {
  db: Database;
  /** Contact details are encrypted at rest with `keys.field`. */
  keys: Keys;
  audit: AuditService;
  clock: () => Date;
}

export const createParticipantCases = ({ db, keys, audit, clock }: ParticipantDeps) => {
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

  /** `today` is the organization's day: a baby born this morning in Auckland is not born in the future. */
  const checkParticipant = (input: Partial<ParticipantInput>, extensions: TaxonomyExtension[], today: string) =>
    failIfProblems([
      ...codeProblems((input.preferences?.livedExperience ?? []).map((p) => p.code), 'body.preferences.livedExperience', extensions),
      ...duplicateCodeProblems((input.preferences?.livedExperience ?? []).map((p) => p.code), 'body.preferences.livedExperience'),
      ...windowProblems(input.preferences?.availability ?? [], 'body.preferences.availability'),
      ...(input.birthDate && input.birthDate > today ? [{ field: 'body.birthDate', message: 'The birth date is in the future' }] : []),
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

  return {
    async createParticipant(actor: Actor, input: ParticipantInput): Promise<ParticipantView> {
      const user = staffOnly(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        const org = await repo.getOrgSettings(tx, actor.orgId!);
        checkParticipant(input, extensionsOf(org?.settings), await repo.orgToday(tx, actor.orgId!, clock));
        // Dated by the service's clock, as the notes and matches made for them are.
        const now = clock();
        const row = await repo.insertParticipant(tx, {
          id: randomUUID(),
          orgId: actor.orgId!,
          ...participantColumns(input),
          givenName: input.givenName,
          familyName: input.familyName,
          status: 'waitlisted',
          createdBy: user?.userId ?? null,
          createdAt: now,
          updatedAt: now,
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
        checkParticipant(patch, extensionsOf(org?.settings), await repo.orgToday(tx, actor.orgId!, clock));
        const after = (await repo.updateParticipant(tx, before.id, { ...participantColumns(patch), ...(patch.status ? { status: patch.status } : {}) }, clock()))!;
        const current = await repo.currentAssignments(tx, [id]);
        await audit.record(tx, actor, { action: 'participant.update', entityType: 'participant', entityId: id, details: { fields: Object.keys(patch) } });
        return toParticipantView(after, current.get(id));
      });
    },
  };
};
