import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lt, ne, not, or, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../db/client.ts';
import { recoveryPlans } from '../../db/schema/caseload.ts';
import { directoryLocalServices } from '../../db/schema/directory.ts';
import { organizations, users } from '../../db/schema/identity.ts';
import { assignments, participants, peers } from '../../db/schema/people.ts';
import { referralEvents, referralLinks, referralPart2Consents, referrals } from '../../db/schema/referrals.ts';

export type ReferralRow = typeof referrals.$inferSelect;
export type NewReferralRow = typeof referrals.$inferInsert;
export type EventRow = typeof referralEvents.$inferSelect;
export type LinkRow = typeof referralLinks.$inferSelect;
export type Part2ConsentRow = typeof referralPart2Consents.$inferSelect;

export const getOrg = async (tx: Tx, orgId: string) =>
  (await tx.select({ name: organizations.name, settings: organizations.settings, timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId)))[0];

/** Another organization's name (sender or receiver of a referral), past row-level security. */
export const organizationName = async (tx: Tx, orgId: string): Promise<string | null> =>
  rowsOf<{ name: string | null }>(await tx.execute(sql`select pb_organization_name(${orgId}::uuid) as name`))[0]?.name ?? null;

/**
 * The service as it is now: one of the organization's local resources (RLS shows only its own)
 * or a public HSDS service with its organization's name.
 */
export const serviceSnapshot = async (tx: Tx, serviceId: string): Promise<{ name: string; organizationName: string | null; local: boolean } | undefined> => {
  const local = (
    await tx
      .select({ name: directoryLocalServices.name, organizationName: directoryLocalServices.organizationName })
      .from(directoryLocalServices)
      .where(eq(directoryLocalServices.id, serviceId))
  )[0];
  if (local) return { ...local, local: true };
  const row = rowsOf<{ name: string; organization_name: string | null }>(
    await tx.execute(sql`select s.name, o.name as organization_name from hsds_service s left join hsds_organization o on o.id = s.organization_id where s.id = ${serviceId}::uuid`),
  )[0];
  return row ? { name: row.name, organizationName: row.organization_name, local: false } : undefined;
};

export const receiverOrgOf = async (tx: Tx, serviceId: string): Promise<string | null> =>
  rowsOf<{ org_id: string | null }>(await tx.execute(sql`select pb_referral_receiver_org(${serviceId}::uuid) as org_id`))[0]?.org_id ?? null;

/** The referral a link token hash belongs to, before any tenant is known (SECURITY DEFINER). */
export const findLinkTarget = async (tx: Tx, tokenHash: string) =>
  rowsOf<{ org_id: string; referral_id: string }>(await tx.execute(sql`select org_id, referral_id from pb_referral_link(${tokenHash})`))[0];

export const planGoals = async (tx: Tx, participantId: string) => {
  const plan = (await tx.select({ content: recoveryPlans.content }).from(recoveryPlans).where(eq(recoveryPlans.participantId, participantId)))[0];
  return plan?.content.goals ?? [];
};

// ---------- referrals ----------

export const insertReferral = async (tx: Tx, row: NewReferralRow) => (await tx.insert(referrals).values(row).returning())[0]!;

export const getReferral = async (tx: Tx, id: string) => (await tx.select().from(referrals).where(eq(referrals.id, id)))[0];

/** Locks the row: two moves of the same referral happen one after the other. */
export const lockReferral = async (tx: Tx, id: string) => (await tx.select().from(referrals).where(eq(referrals.id, id)).for('update'))[0];

export const updateReferral = async (tx: Tx, id: string, patch: Partial<NewReferralRow>) =>
  (await tx.update(referrals).set({ ...patch, updatedAt: new Date() }).where(eq(referrals.id, id)).returning())[0]!;

export const participantNames = async (tx: Tx, ids: string[]) => {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await tx
    .select({ id: participants.id, given: participants.givenName, family: participants.familyName, preferred: participants.preferredName })
    .from(participants)
    .where(inArray(participants.id, ids));
  return new Map(rows.map((r) => [r.id, `${r.preferred || r.given} ${r.family}`]));
};

/** Referrals a peer may open: they made them, or the participant is theirs (assigned or their intake). */
const ownedBy = (peerId: string | null, userId: string): SQL =>
  or(
    eq(referrals.createdBy, userId),
    sql`exists (select 1 from ${participants} p where p.id = ${referrals.participantId} and p.created_by = ${userId})`,
    peerId ? sql`exists (select 1 from ${assignments} a where a.participant_id = ${referrals.participantId} and a.peer_id = ${peerId})` : sql`false`,
  )!;

export const referralVisibleTo = async (tx: Tx, id: string, peerId: string | null, userId: string) =>
  (await tx.select({ id: referrals.id }).from(referrals).where(and(eq(referrals.id, id), ownedBy(peerId, userId)))).length > 0;

export interface ListFilter {
  orgId: string;
  box: 'sent' | 'inbox';
  status?: string | undefined;
  participantId?: string | undefined;
  need?: string | undefined;
  /** Overdue (`is`) or not, on the organization's day `today`. */
  overdue?: { today: string; is: boolean } | undefined;
  owner?: { peerId: string | null; userId: string } | undefined;
}

const openForFollowUp = and(ne(referrals.status, 'draft'), ne(referrals.status, 'cancelled'), isNull(referrals.outcome));
/** isOverdue (referrals.rules.ts) in SQL; never null, so its negation holds every other referral. */
const overdueOn = (today: string) => and(openForFollowUp, isNotNull(referrals.followUpOn), lt(referrals.followUpOn, today))!;

export const listReferrals = async (tx: Tx, f: ListFilter, limit: number, offset: number) => {
  const where = and(
    f.box === 'inbox' ? eq(referrals.receiverOrgId, f.orgId) : eq(referrals.orgId, f.orgId),
    // The inbox shows only referrals that were sent: not drafts, nor drafts cancelled unsent.
    f.box === 'inbox' ? isNotNull(referrals.sentAt) : undefined,
    f.status ? eq(referrals.status, f.status) : undefined,
    f.participantId ? eq(referrals.participantId, f.participantId) : undefined,
    f.need ? eq(referrals.need, f.need) : undefined,
    f.overdue ? (f.overdue.is ? overdueOn(f.overdue.today) : not(overdueOn(f.overdue.today))) : undefined,
    f.owner ? ownedBy(f.owner.peerId, f.owner.userId) : undefined,
  );
  const [total] = await tx.select({ n: count() }).from(referrals).where(where);
  const items = await tx.select().from(referrals).where(where).orderBy(desc(referrals.createdAt), referrals.id).limit(limit).offset(offset);
  return { total: total?.n ?? 0, items };
};

/** The follow-ups of one peer: open referrals they made or of their participants, earliest due first. */
export const followUps = async (tx: Tx, orgId: string, owner: { peerId: string | null; userId: string }, limit: number) =>
  tx
    .select()
    .from(referrals)
    .where(and(eq(referrals.orgId, orgId), openForFollowUp, ownedBy(owner.peerId, owner.userId)))
    .orderBy(sql`${referrals.followUpOn} asc nulls last`, referrals.createdAt)
    .limit(limit);

/**
 * Referrals sent on the days `from` to `to` of the organization: the period runs from midnight
 * of `from` to midnight after `to` in its time zone (PostgreSQL does the zone and DST
 * arithmetic), so a referral sent at 23:30 local time counts on its own day, not the UTC one.
 */
export const reportRows = async (tx: Tx, orgId: string, from: string, to: string, timeZone: string) =>
  tx
    .select({
      need: referrals.need,
      serviceId: referrals.serviceId,
      serviceName: referrals.serviceName,
      organizationName: referrals.serviceOrganizationName,
      status: referrals.status,
      sentAt: referrals.sentAt,
      acceptedAt: referrals.acceptedAt,
    })
    .from(referrals)
    .where(
      and(
        eq(referrals.orgId, orgId),
        sql`${referrals.sentAt} >= (${from}::date)::timestamp at time zone ${timeZone}`,
        sql`${referrals.sentAt} < (${to}::date + 1)::timestamp at time zone ${timeZone}`,
      ),
    );

// ---------- events ----------

export const insertEvent = async (tx: Tx, row: typeof referralEvents.$inferInsert) => {
  await tx.insert(referralEvents).values(row);
};

export const eventsOf = async (tx: Tx, referralId: string) =>
  tx
    .select({ e: referralEvents, name: users.displayName })
    .from(referralEvents)
    .leftJoin(users, eq(users.id, referralEvents.actorUserId))
    .where(eq(referralEvents.referralId, referralId))
    .orderBy(asc(referralEvents.seq));

export const userName = async (tx: Tx, userId: string) =>
  (await tx.select({ name: users.displayName }).from(users).where(eq(users.id, userId)))[0]?.name ?? null;

// ---------- Part 2 consents ----------

export const insertPart2Consent = async (tx: Tx, row: typeof referralPart2Consents.$inferInsert) =>
  (await tx.insert(referralPart2Consents).values(row).returning())[0]!;

export const part2ConsentOf = async (tx: Tx, referralId: string) =>
  (await tx.select().from(referralPart2Consents).where(eq(referralPart2Consents.referralId, referralId)).orderBy(desc(referralPart2Consents.recordedAt)))[0];

/** Records the participant's withdrawal of the referral's Part 2 consent in force; the rows changed. */
export const revokePart2Consent = async (tx: Tx, referralId: string, by: string | null, now: Date) =>
  tx
    .update(referralPart2Consents)
    .set({ revokedAt: now, revokedBy: by })
    .where(and(eq(referralPart2Consents.referralId, referralId), isNull(referralPart2Consents.revokedAt)))
    .returning({ id: referralPart2Consents.id });

// ---------- links ----------

export const insertLink = async (tx: Tx, row: typeof referralLinks.$inferInsert) => (await tx.insert(referralLinks).values(row).returning())[0]!;

export const latestLinkOf = async (tx: Tx, referralId: string) =>
  (await tx.select().from(referralLinks).where(eq(referralLinks.referralId, referralId)).orderBy(desc(referralLinks.createdAt), desc(referralLinks.id)))[0];

export const latestLinksOf = async (tx: Tx, referralIds: string[]) => {
  if (referralIds.length === 0) return new Map<string, LinkRow>();
  const rows = await tx.select().from(referralLinks).where(inArray(referralLinks.referralId, referralIds)).orderBy(asc(referralLinks.createdAt));
  return new Map(rows.map((r) => [r.referralId, r]));
};

export const getLinkByHash = async (tx: Tx, tokenHash: string) => (await tx.select().from(referralLinks).where(eq(referralLinks.tokenHash, tokenHash)))[0];

export const revokeLinks = async (tx: Tx, referralId: string, by: string | null, now: Date) =>
  tx
    .update(referralLinks)
    .set({ revokedAt: now, revokedBy: by })
    .where(and(eq(referralLinks.referralId, referralId), isNull(referralLinks.revokedAt)))
    .returning({ id: referralLinks.id });

export const touchLink = async (tx: Tx, id: string, now: Date) =>
  tx.update(referralLinks).set({ lastUsedAt: now, uses: sql`${referralLinks.uses} + 1` }).where(eq(referralLinks.id, id));

export const peerIdOfUser = async (tx: Tx, userId: string) =>
  (await tx.select({ id: peers.id }).from(peers).where(eq(peers.userId, userId)))[0]?.id ?? null;
