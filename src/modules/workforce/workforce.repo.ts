import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../db/client.ts';
import { peers } from '../../db/schema/people.ts';
import { organizations } from '../../db/schema/identity.ts';
import { calendarFeeds, ceRecords, credentialReminders, credentialTypes, peerCredentials, workforceFiles } from '../../db/schema/workforce.ts';

export type CredentialRow = typeof peerCredentials.$inferSelect;
export type CeRow = typeof ceRecords.$inferSelect;
export type FileRow = Omit<typeof workforceFiles.$inferSelect, 'content'>;

// ---------- rule sets ----------

export const listRuleSets = (tx: Tx) => tx.select().from(credentialTypes).orderBy(asc(credentialTypes.code), asc(credentialTypes.publishedAt));
export const insertRuleSet = async (tx: Tx, row: typeof credentialTypes.$inferInsert) => (await tx.insert(credentialTypes).values(row).returning())[0]!;

// ---------- peers ----------

export const peerById = async (tx: Tx, id: string) =>
  (await tx.select({ id: peers.id, userId: peers.userId, displayName: peers.displayName, maxCaseload: peers.maxCaseload }).from(peers).where(eq(peers.id, id)))[0];
export const peerOfUser = async (tx: Tx, userId: string) => (await tx.select({ id: peers.id, displayName: peers.displayName }).from(peers).where(eq(peers.userId, userId)))[0] ?? null;
export const activePeers = (tx: Tx) =>
  tx.select({ id: peers.id, userId: peers.userId, displayName: peers.displayName, maxCaseload: peers.maxCaseload }).from(peers).where(eq(peers.active, true)).orderBy(asc(peers.displayName));

// ---------- credentials ----------

export const credentialsOf = (tx: Tx, peerId: string) => tx.select().from(peerCredentials).where(eq(peerCredentials.peerId, peerId)).orderBy(asc(peerCredentials.expiresOn));
export const credentialsOfPeers = (tx: Tx, peerIds: string[]) =>
  peerIds.length === 0 ? Promise.resolve([] as CredentialRow[]) : tx.select().from(peerCredentials).where(inArray(peerCredentials.peerId, peerIds));
export const allCredentials = (tx: Tx) => tx.select().from(peerCredentials).orderBy(asc(peerCredentials.expiresOn));
export const credentialByNumber = async (tx: Tx, typeCode: string, number: string) =>
  (await tx.select({ id: peerCredentials.id, peerId: peerCredentials.peerId }).from(peerCredentials).where(and(eq(peerCredentials.typeCode, typeCode), eq(peerCredentials.number, number))))[0];
export const insertCredential = async (tx: Tx, row: typeof peerCredentials.$inferInsert) => (await tx.insert(peerCredentials).values(row).returning())[0]!;

// ---------- continuing education ----------

export const ceOf = (tx: Tx, peerId: string) => tx.select().from(ceRecords).where(eq(ceRecords.peerId, peerId)).orderBy(asc(ceRecords.completedOn), asc(ceRecords.id));
export const ceHoursOnDay = async (tx: Tx, peerId: string, day: string) =>
  Number(
    (
      await tx
        .select({ h: sql<string>`coalesce(sum(${ceRecords.amount}), 0)` })
        .from(ceRecords)
        .where(and(eq(ceRecords.peerId, peerId), eq(ceRecords.completedOn, day), eq(ceRecords.unit, 'hours')))
    )[0]?.h ?? 0,
  );
export const insertCe = async (tx: Tx, row: typeof ceRecords.$inferInsert) => (await tx.insert(ceRecords).values(row).returning())[0]!;

// ---------- files ----------

const fileColumns = {
  id: workforceFiles.id,
  orgId: workforceFiles.orgId,
  peerId: workforceFiles.peerId,
  credentialId: workforceFiles.credentialId,
  ceId: workforceFiles.ceId,
  name: workforceFiles.name,
  mediaType: workforceFiles.mediaType,
  sizeBytes: workforceFiles.sizeBytes,
  sha256: workforceFiles.sha256,
  createdBy: workforceFiles.createdBy,
  createdAt: workforceFiles.createdAt,
};
export const insertFile = async (tx: Tx, row: typeof workforceFiles.$inferInsert): Promise<FileRow> => (await tx.insert(workforceFiles).values(row).returning(fileColumns))[0]!;
export const filesOfPeer = (tx: Tx, peerId: string): Promise<FileRow[]> => tx.select(fileColumns).from(workforceFiles).where(eq(workforceFiles.peerId, peerId));
export const fileWithContent = async (tx: Tx, id: string) => (await tx.select().from(workforceFiles).where(eq(workforceFiles.id, id)))[0];

// ---------- reminders ----------

export const remindersSent = (tx: Tx) => tx.select().from(credentialReminders);
export const insertReminders = async (tx: Tx, rows: Array<typeof credentialReminders.$inferInsert>) => {
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(credentialReminders).values(rows.slice(i, i + 1000)).onConflictDoNothing();
};

// ---------- calendar feeds ----------

export const upsertFeed = async (tx: Tx, orgId: string, userId: string, tokenHash: string) =>
  tx.insert(calendarFeeds).values({ orgId, userId, tokenHash }).onConflictDoUpdate({ target: [calendarFeeds.orgId, calendarFeeds.userId], set: { tokenHash, createdAt: new Date() } });
export const feedByHash = async (tx: Tx, tokenHash: string) => (await tx.select().from(calendarFeeds).where(eq(calendarFeeds.tokenHash, tokenHash)))[0];
export const allOrganizationIds = (tx: Tx) => tx.select({ id: organizations.id }).from(organizations);

// ---------- reminders and the calendar, by expiry window in SQL ----------

/**
 * An event kind as a shift of the expiry date: the event falls on `expires_on - shift` (90, 60,
 * 30 and 7 before; 0 the expiry; minus the grace days for the end of grace, per rule set).
 */
export interface EventShift {
  kind: string;
  shift: number;
  typeCode: string | null;
  typeVersion: string | null;
}

const shiftsSql = (shifts: readonly EventShift[]) =>
  sql.join(
    shifts.map((s) => sql`(${s.kind}::text, ${s.shift}::int, ${s.typeCode}::text, ${s.typeVersion}::text)`),
    sql`, `,
  );

export interface CalendarRow {
  credential_id: string;
  peer_id: string;
  peer_name: string;
  type_code: string;
  type_version: string;
  issued_on: string;
  expires_on: string;
  recorded_status: string | null;
  kind: string;
  on_day: string;
}

/** One index range of credentials per event kind: the window moved by the kind's shift, with constant bounds. */
const eventRanges = (shifts: readonly EventShift[], from: string, to: string, peerId?: string) =>
  sql.join(
    shifts.map(
      (s) => sql`
        select c.id, c.peer_id, c.type_code, c.type_version, c.issued_on, c.expires_on, c.recorded_status, ${s.kind}::text as kind, c.expires_on - ${s.shift}::int as on_day
        from peer_credentials c
        where c.expires_on between ${from}::date + ${s.shift}::int and ${to}::date + ${s.shift}::int
        ${s.typeCode === null ? sql`` : sql`and c.type_code = ${s.typeCode} and c.type_version = ${s.typeVersion}`}
        ${peerId ? sql`and c.peer_id = ${peerId}` : sql``}`,
    ),
    sql` union all `,
  );

/**
 * One page of the team calendar's events from `from` to `to`: each kind reads by index only the
 * credentials whose expiry puts that event in the window; the page is cut by day, peer and
 * credential, and only its rows are joined to the peers' names.
 */
export const calendarPage = async (tx: Tx, shifts: readonly EventShift[], from: string, to: string, limit: number, offset: number, peerId?: string) =>
  rowsOf<CalendarRow>(
    await tx.execute(sql`
      select e.id as credential_id, e.peer_id, p.display_name as peer_name, e.type_code, e.type_version,
             to_char(e.issued_on, 'YYYY-MM-DD') as issued_on, to_char(e.expires_on, 'YYYY-MM-DD') as expires_on, e.recorded_status,
             e.kind, to_char(e.on_day, 'YYYY-MM-DD') as on_day
      from (
        select * from (${eventRanges(shifts, from, to, peerId)}) ev
        order by on_day, peer_id, id, kind
        limit ${limit} offset ${offset}
      ) e
      join peers p on p.id = e.peer_id
      order by e.on_day, e.peer_id, e.id, e.kind`),
  );

/** The nightly pass in one statement: every reminder due in (weekAgo, on] not yet recorded. */
export const insertDueReminders = async (tx: Tx, orgId: string, shifts: readonly EventShift[], weekAgo: string, on: string) =>
  rowsOf<{ n: number }>(
    await tx.execute(sql`
      with ins as (
        insert into credential_reminders (org_id, credential_id, kind, about, sent_on)
        select ${orgId}::uuid, c.id, k.kind, case when k.kind = 'grace-ends' then c.expires_on - k.shift else c.expires_on end, ${on}::date
        from (values ${shiftsSql(shifts)}) as k(kind, shift, type_code, type_version)
        join peer_credentials c
          on c.expires_on > ${weekAgo}::date + k.shift and c.expires_on <= ${on}::date + k.shift
         and (k.type_code is null or (c.type_code = k.type_code and c.type_version = k.type_version))
        on conflict do nothing
        returning 1
      )
      select count(*)::int as n from ins`),
  )[0]!.n;

export const countCredentials = async (tx: Tx) => rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from peer_credentials`))[0]!.n;

export const lockCredential = async (tx: Tx, id: string) => (await tx.select().from(peerCredentials).where(eq(peerCredentials.id, id)).for('update'))[0];
export const updateCredential = async (tx: Tx, id: string, set: Partial<typeof peerCredentials.$inferInsert>) =>
  (await tx.update(peerCredentials).set(set).where(eq(peerCredentials.id, id)).returning())[0]!;
