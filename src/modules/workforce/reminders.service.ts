import { createHash, randomBytes } from 'node:crypto';
import ical from 'ical-generator';
import type { Actor } from '../../core/actor.ts';
import { forbidden, notFound } from '../../core/errors.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { addDays, graceEnd, REMINDER_DAYS, remindersOf, statusOn, type Reminder } from './credential.rules.ts';
import { orgToday } from '../people/people.repo.ts';
import { credentialFacts, findRuleSet, ruleSetCatalog, today, type CatalogEntry } from './credentials.service.ts';
import * as repo from './workforce.repo.ts';

export interface RemindersDeps {
  db: Database;
  audit: AuditService;
  clock: () => Date;
}

export interface CalendarEvent {
  credentialId: string;
  peerId: string;
  peerName: string;
  credentialType: string;
  credentialName: string;
  kind: Reminder['kind'] | 'expires' | 'grace-ends';
  on: string;
  about: string;
  status: 'active' | 'grace' | 'lapsed' | 'inactive';
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Every reminder, expiry and end of grace of `creds` from `from` to `to` (inclusive). */
export const eventsOf = (catalog: readonly CatalogEntry[], creds: readonly repo.CredentialRow[], names: ReadonlyMap<string, string>, from: string, to: string, on: string): CalendarEvent[] => {
  const out: CalendarEvent[] = [];
  for (const c of creds) {
    const rules = findRuleSet(catalog, c.typeCode, c.typeVersion) ?? findRuleSet(catalog, c.typeCode);
    if (!rules) continue;
    const status = statusOn(rules, credentialFacts(c), on).status;
    const base = { credentialId: c.id, peerId: c.peerId, peerName: names.get(c.peerId) ?? '', credentialType: c.typeCode, credentialName: rules.name, status };
    const all: Array<Pick<CalendarEvent, 'kind' | 'on' | 'about'>> = [...remindersOf(rules, c.expiresOn).filter((r) => r.kind !== 'grace-ends'), { kind: 'expires', on: c.expiresOn, about: c.expiresOn }];
    const ge = graceEnd(rules, c.expiresOn);
    if (ge) all.push({ kind: 'grace-ends', on: ge, about: ge });
    for (const e of all) if (e.on >= from && e.on <= to) out.push({ ...base, ...e });
  }
  return out.sort((a, b) => a.on.localeCompare(b.on) || a.peerName.localeCompare(b.peerName));
};

/**
 * Every event kind as a shift of the expiry date (the event falls on expiry minus the shift):
 * the reminders before expiry for every credential, the expiry itself (calendar only), and the
 * end of grace for each rule set that has one.
 */
export const eventShifts = (catalog: readonly CatalogEntry[], withExpiry: boolean): repo.EventShift[] => [
  ...REMINDER_DAYS.map((d) => ({ kind: `expires-in-${d}`, shift: d, typeCode: null, typeVersion: null })),
  ...(withExpiry ? [{ kind: 'expires', shift: 0, typeCode: null, typeVersion: null }] : []),
  ...catalog.flatMap((c) => {
    const ge = graceEnd(c.rules, '2000-01-01');
    return ge ? [{ kind: 'grace-ends', shift: -Math.round((Date.parse(ge) - Date.parse('2000-01-01')) / 86_400_000), typeCode: c.rules.code, typeVersion: c.rules.version }] : [];
  }),
];

/**
 * Credential reminders (issue 21): 90, 60, 30 and 7 days before expiry and at the end of grace,
 * on My day, in the peer's subscribable calendar, and as the team's credential calendar for
 * supervisors and admins. The nightly pass records each reminder once.
 */
export const createRemindersService = ({ db, audit, clock }: RemindersDeps) => {
  const staffOnly = (actor: Actor) => {
    if (actor.kind === 'user' && (actor.role === 'peer' || actor.role === 'analyst')) throw forbidden('Supervisors and admins see the team credential calendar.');
  };

  const own = async (tx: Tx, actor: Actor) => {
    if (actor.kind !== 'user') throw forbidden();
    const peer = await repo.peerOfUser(tx, actor.userId);
    return peer;
  };

  return {
    /** The caller's own reminders that are due now: the latest reminder of each credential in the last 90 days and upcoming expiries. */
    async mine(actor: Actor) {
      return db.tenant(actor.orgId!, async (tx) => {
        const peer = await own(tx, actor);
        if (!peer) return { items: [] };
        // One query at a time: a transaction is one connection (pg refuses overlapping queries from v9).
        const catalog = await ruleSetCatalog(tx);
        const creds = await repo.credentialsOf(tx, peer.id);
        const on = await orgToday(tx, actor.orgId!, clock);
        // A card shows the most recent reminder of each credential that has one due, until the date it is about.
        const events = eventsOf(catalog, creds, new Map([[peer.id, peer.displayName]]), addDays(on, -90), addDays(on, 90), on).filter((e) => (e.on <= on || (e.kind === 'grace-ends' && e.status === 'grace')) && e.about >= on);
        const latest = new Map<string, CalendarEvent>();
        for (const e of events) latest.set(e.credentialId, e);
        return { items: [...latest.values()].map((e) => ({ ...e, daysLeft: Math.round((Date.parse(e.about) - Date.parse(on)) / 86_400_000) })) };
      });
    },

    /**
     * The team's calendar from `from` to `to`, a page at a time: the credentials whose expiry
     * puts an event in the window are read by index in SQL, and only the page's are judged by
     * their rule set (status on today).
     */
    async teamCalendar(actor: Actor, from: string, to: string, page: { limit: number; offset: number } = { limit: 200, offset: 0 }) {
      staffOnly(actor);
      return db.tenant(actor.orgId!, async (tx) => {
        const catalog = await ruleSetCatalog(tx);
        const rows = await repo.calendarPage(tx, eventShifts(catalog, true), from, to, page.limit + 1, page.offset);
        const on = await orgToday(tx, actor.orgId!, clock);
        const items: CalendarEvent[] = [];
        for (const r of rows.slice(0, page.limit)) {
          const rules = findRuleSet(catalog, r.type_code, r.type_version) ?? findRuleSet(catalog, r.type_code);
          if (!rules) continue;
          const status = statusOn(rules, { issuedOn: r.issued_on, expiresOn: r.expires_on, recordedStatus: r.recorded_status as 'inactive' | 'lapsed' | null }, on).status;
          items.push({ credentialId: r.credential_id, peerId: r.peer_id, peerName: r.peer_name, credentialType: r.type_code, credentialName: rules.name, kind: r.kind as CalendarEvent['kind'], on: r.on_day, about: r.kind === 'grace-ends' ? r.on_day : r.expires_on, status });
        }
        await audit.record(tx, actor, { action: 'credential.calendar_read', entityType: 'peer', details: { from, to, events: items.length, offset: page.offset } });
        return { from, to, items, nextOffset: rows.length > page.limit ? page.offset + page.limit : null };
      });
    },

    /** A new secret feed address for the caller (the old one stops working). */
    async rotateFeed(actor: Actor, baseUrl: string) {
      if (actor.kind !== 'user') throw forbidden();
      const token = randomBytes(24).toString('base64url');
      await db.tenant(actor.orgId!, async (tx) => {
        await repo.upsertFeed(tx, actor.orgId!, actor.userId, hash(token));
        await audit.record(tx, actor, { action: 'calendar_feed.rotate', entityType: 'user', entityId: actor.userId });
      });
      return { url: `${baseUrl}/api/v1/calendar-feeds/${actor.orgId}/${token}` };
    },

    /** The iCalendar text of a feed: the peer's own credentials' reminders, expiries and ends of grace. */
    async feed(orgId: string, token: string) {
      return db.tenant(orgId, async (tx) => {
        const f = await repo.feedByHash(tx, hash(token));
        if (!f) throw notFound('Calendar');
        const peer = await repo.peerOfUser(tx, f.userId);
        const on = await orgToday(tx, orgId, clock);
        // One query at a time: a transaction is one connection (pg refuses overlapping queries from v9).
        const catalog = await ruleSetCatalog(tx);
        const creds = peer ? await repo.credentialsOf(tx, peer.id) : [];
        const events = eventsOf(catalog, creds, new Map(), addDays(on, -400), addDays(on, 3 * 366), on);
        const cal = ical({ name: 'Peerbridge credentials', prodId: { company: 'Peerbridge', product: 'workforce' } });
        for (const e of events) {
          cal.createEvent({
            id: `${e.credentialId}-${e.kind}-${e.on}@peerbridge`,
            start: new Date(`${e.on}T00:00:00Z`),
            allDay: true,
            summary: e.kind === 'expires' ? `${e.credentialName} expires` : e.kind === 'grace-ends' ? `${e.credentialName}: last day of grace` : `${e.credentialName} expires on ${e.about}`,
          });
        }
        return cal.toString();
      });
    },

    /**
     * The nightly pass: records every reminder due on `on` (and any missed in the week before, so
     * a night the job did not run is caught up) once per credential, kind and date.
     */
    async nightly(on = today(clock)) {
      const started = performance.now();
      const orgs = await db.owner((tx) => repo.allOrganizationIds(tx));
      let credentials = 0;
      let sent = 0;
      for (const org of orgs) {
        await db.tenant(org.id, async (tx) => {
          const catalog = await ruleSetCatalog(tx);
          // One statement per organization: the credentials whose expiry puts a reminder in the
          // last week are found by index and recorded once (the primary key refuses a repeat).
          sent += await repo.insertDueReminders(tx, org.id, eventShifts(catalog, false), addDays(on, -7), on);
          credentials += await repo.countCredentials(tx);
        });
      }
      return { on, organizations: orgs.length, credentials, sent, seconds: Math.round(performance.now() - started) / 1000 };
    },
  };
};

export type RemindersService = ReturnType<typeof createRemindersService>;
