/**
 * `$everything`: a participant's whole record as a FHIR R4 `collection` Bundle, for staff
 * (GET /api/v1/participants/{id}/$everything) and for the person themself (the participant
 * portal's download). The portal calls `buildEverything` with `reader: 'person'` once it has
 * established that the signed-in person is this participant; staff go through the same checks as
 * opening the participant's record (people.openParticipant: analysts never, a peer only their own
 * participants, another organization's answers 404). Either way the read is audited in the same
 * transaction, naming what left (counts per resource type, the Part 2 items withheld).
 */
import type { Bundle } from '@medplum/fhirtypes';
import type { Actor, ParticipantActor } from '../../core/actor.ts';
import type { Keys } from '../../core/crypto.ts';
import { forbidden, notFound } from '../../core/errors.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../../modules/audit/audit.service.ts';
import * as repo from '../../modules/fhir/fhir.repo.ts';
import type { InstrumentDefinition } from '../../modules/outcomes/instrument.rules.ts';
import { BUILT_IN_INSTRUMENTS } from '../../modules/outcomes/instruments/index.ts';
import type { PeopleService } from '../../modules/people/people.service.ts';
import { localDate } from '../../modules/referrals/referrals.rules.ts';
import { assembleEverything, type PersonRecords } from './assemble.ts';
import { toCollection } from './bundle.ts';
import type { Reader } from './model.ts';

export interface EverythingOptions {
  reader: Reader;
  audit: AuditService;
  keys: Keys;
  /** Required for `reader: 'staff'`: the participant is opened as on their own page. */
  people?: PeopleService;
  /** Base of the entries' fullUrl: `<PEERBRIDGE_PUBLIC_URL>/fhir` (default http://localhost/fhir). */
  baseUrl?: string;
  clock?: () => Date;
}

/** Every instrument version the organization's responses may name, by `code@version`. */
export const instrumentCatalog = async (tx: Tx): Promise<Map<string, InstrumentDefinition>> =>
  new Map(
    [...BUILT_IN_INSTRUMENTS, ...((await repo.orgInstruments(tx)) as InstrumentDefinition[])].map((d) => [`${d.code}@${d.version}`, d] as const),
  );

/** Reads one participant's records inside `tx` (row-level security scopes them to the organization). */
export const readPersonRecords = async (tx: Tx, keys: Keys, orgId: string, participantId: string, reader: Reader): Promise<PersonRecords & { timeZone: string }> => {
  const org = await repo.org(tx, orgId);
  const [participant] = await repo.participants(tx, keys.field, { id: participantId });
  if (!participant) throw notFound('Participant');
  const assignments = await repo.assignments(tx, { participantId });
  const encounters = await repo.encounters(tx, { participantId, ...(reader === 'person' ? { withWordsKey: keys.field } : {}) });
  const [plan] = await repo.plans(tx, { participantId });
  const referrals = await repo.referrals(tx, orgId, { participantId });
  const assessments = await repo.assessments(tx, { participantId });
  const peerIds = new Set<string>([
    ...assignments.map((a) => a.peerId),
    ...encounters.map((e) => e.peerId),
    ...referrals.flatMap((r) => (r.peerId ? [r.peerId] : [])),
    ...assessments.flatMap((a) => (a.recordedByPeerId ? [a.recordedByPeerId] : [])),
  ]);
  const peers = peerIds.size > 0 ? await repo.peers(tx, { ids: [...peerIds] }) : [];
  return {
    org: { id: org.id, name: org.name },
    timeZone: org.timeZone,
    participant,
    peers,
    assignments,
    encounters,
    plan: plan ?? null,
    referrals,
    assessments,
    instruments: await instrumentCatalog(tx),
    intakeConsents: await repo.intakeConsents(tx, { participantId }),
  };
};

/**
 * Opens one participant's records for a reader inside a tenant transaction and hands them to
 * `use` (the FHIR Bundle, the printable PDF): staff under the same rules as opening the record
 * (404 for what the caller may not see), a participant only their own. `use` audits what left.
 */
export const withPersonRecords = async <T>(
  db: Database,
  actor: Actor | ParticipantActor,
  participantId: string,
  opts: EverythingOptions,
  use: (tx: Tx, records: PersonRecords & { timeZone: string }, now: Date, today: string) => Promise<T>,
): Promise<T> => {
  if (!actor.orgId) throw forbidden('A record belongs to an organization.');
  if (opts.reader === 'staff' && !opts.people) throw new Error('A staff read of the record needs the people service');
  const now = (opts.clock ?? (() => new Date()))();
  return db.tenant(actor.orgId, async (tx) => {
    if (opts.reader === 'staff') {
      if (actor.kind === 'participant') throw forbidden('A participant reads their own record as the person.');
      await opts.people!.openParticipant(tx, actor, participantId);
    } else if (actor.kind === 'participant' && actor.participantId !== participantId) throw forbidden('A participant reads only their own record.');
    const records = await readPersonRecords(tx, opts.keys, actor.orgId!, participantId, opts.reader);
    return use(tx, records, now, localDate(now, records.timeZone));
  });
};

/** Staff read as themselves; the participant's portal reads as the person (`ParticipantActor`, reader `person`). */
export const buildEverything = async (db: Database, actor: Actor | ParticipantActor, participantId: string, opts: EverythingOptions): Promise<Bundle> =>
  withPersonRecords(db, actor, participantId, opts, async (tx, records, now, today) => {
    const { resources, withheld } = assembleEverything(records, opts.reader, today);
    const bundle = toCollection(opts.baseUrl ?? 'http://localhost/fhir', resources, now);
    const counts: Record<string, number> = {};
    for (const r of resources) counts[r.resourceType] = (counts[r.resourceType] ?? 0) + 1;
    await opts.audit.record(tx, actor, {
      action: 'participant.fhir_everything',
      entityType: 'participant',
      entityId: participantId,
      details: {
        reader: opts.reader,
        counts,
        withheldPart2: withheld,
        encounterIds: records.encounters.map((e) => e.encounterId),
        referralIds: records.referrals.map((r) => r.id),
      },
    });
    return bundle;
  });
