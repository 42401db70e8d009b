import type { Actor } from '../../core/actor.ts';
import { badRequest, forbidden } from '../../core/errors.ts';
import { metaOf, suppressCount, suppressStatistic, type SuppressionPolicy } from '../../core/suppression.rules.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { InstrumentDefinition } from './instrument.rules.ts';
import { BUILT_IN_INSTRUMENTS } from './instruments/index.ts';
import * as repo from './outcomes.repo.ts';
import type { ProgramReportView } from './outcomes.schemas.ts';
import { outcomeChange, suppressCounts, type ProgramCounts, type ReportDimension, type ShownCounts } from './report.rules.ts';

export interface ReportDeps {
  db: Database;
  audit: AuditService;
}

const MAX_DAYS = 3 * 366;

/**
 * The program report a director shows a funder (issue 20): people served, new and discharged,
 * sessions and hours, referrals, and outcome change per instrument, for a period and by a
 * dimension. Small cells are suppressed by default (P1-P11) for every role; the exact figures are
 * an admin's own permission, and each such read is audited as an unsuppressed export (P10).
 */
export const createReportService = ({ db, audit }: ReportDeps) => {
  /**
   * Computed reports by organization, period, grouping, k, suppression and language, each under
   * the data version it was computed from (0035: a sum that every committed change to what the
   * report reads increases). The version is read before the data, so an entry never lacks a change
   * its version counts; a later change moves the version and the next read computes afresh.
   */
  const cache = new Map<string, { version: string; view: Omit<ProgramReportView, 'organization'> }>();
  const CACHE_ENTRIES = 64;
  /**
   * Reports being computed, by the same key and data version: a request arriving meanwhile (a
   * board meeting's directors all opening the dashboard) waits for that result instead of
   * computing it again beside it, then audits its own read. A failed computation is not shared.
   */
  const inflight = new Map<string, Promise<Omit<ProgramReportView, 'organization'>>>();

  return {
  async programReport(
    actor: Actor,
    q: { from: string; to: string; by?: ReportDimension | undefined; suppression: 'on' | 'off'; k: number },
    lang: 'en' | 'es',
  ): Promise<ProgramReportView> {
    if (actor.kind === 'user' && actor.role === 'peer') throw forbidden('Program reports are for supervisors, admins and analysts.');
    const suppress = q.suppression === 'on';
    if (!suppress && actor.kind === 'user' && actor.role !== 'admin') throw forbidden('Only admins export unsuppressed figures.');
    if (q.from > q.to) throw badRequest('The period must end on or after its start.', [{ field: 'query.to', message: 'End on or after the start' }]);
    if ((Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 > MAX_DAYS) throw badRequest('A report covers at most three years.', [{ field: 'query.from', message: 'Three years at most' }]);
    const policy: SuppressionPolicy = { k: q.k };
    return db.tenant(actor.orgId!, async (tx) => {
      const audited = () =>
        audit.record(tx, actor, {
          action: suppress ? 'report.program_read' : 'report.unsuppressed_export',
          entityType: 'organization',
          entityId: actor.orgId!,
          details: { from: q.from, to: q.to, by: q.by ?? null, k: q.k },
        });
      const key = JSON.stringify([actor.orgId, q.from, q.to, q.by ?? null, q.k, suppress, lang]);
      const version = await repo.reportDataVersion(tx);
      const hit = cache.get(key);
      if (hit && hit.version === version) {
        await audited();
        return { organization: await repo.orgName(tx, actor.orgId!), ...hit.view };
      }
      const flightKey = `${key}|${version}`;
      const pending = inflight.get(flightKey);
      const shared = pending ? await pending.catch(() => null) : null;
      if (shared) {
        await audited();
        return { organization: await repo.orgName(tx, actor.orgId!), ...shared };
      }
      let settle: (v: Omit<ProgramReportView, 'organization'>) => void = () => undefined;
      let fail: (e: unknown) => void = () => undefined;
      const flight = new Promise<Omit<ProgramReportView, 'organization'>>((resolve, reject) => {
        settle = resolve;
        fail = reject;
      });
      flight.catch(() => undefined);
      inflight.set(flightKey, flight);
      try {
      // A year of sessions is grouped and counted distinct in memory: room for it, not disk (PostgreSQL's 4 MB default spills).
      await repo.reportWorkMem(tx);
      const counted = await repo.programCounts(tx, q.by ?? 'all', q.from, q.to);
      const total = counted.total;
      const zero: ProgramCounts = { served: 0, newPeople: 0, discharged: 0, encounters: 0, minutes: 0, referralsMade: 0, referralsClosed: 0 };
      const totals: ProgramCounts = total ?? zero;
      const rows = counted.groups;
      const shown = suppress ? suppressCounts(rows, totals, policy) : { groups: rows as ShownCounts[], total: totals as ShownCounts };
      const names = q.by === 'peer' ? await repo.peerNames(tx, rows.map((r) => r.grp)) : new Map<string, string>();
      const view = (raw: ProgramCounts, c: ShownCounts) => ({
        served: c.served,
        newPeople: c.newPeople,
        discharged: c.discharged,
        encounters: c.encounters,
        hours: c.minutes === null ? null : Math.round((raw.minutes / 60) * 10) / 10,
        referralsMade: c.referralsMade,
        referralsClosed: c.referralsClosed,
        // A statistic: its contributors are the people served (P2).
        encountersPerPerson:
          raw.served === 0 || c.encounters === null ? null : (suppress ? suppressStatistic(Math.round((10 * raw.encounters) / raw.served) / 10, raw.served, policy) : Math.round((10 * raw.encounters) / raw.served) / 10),
      });

      const definitions = new Map<string, InstrumentDefinition>();
      for (const d of BUILT_IN_INSTRUMENTS) definitions.set(`${d.code}@${d.version}`, d);
      for (const r of await repo.listInstruments(tx)) definitions.set(`${r.code}@${r.version}`, r.definition as InstrumentDefinition);
      const pairsBy = new Map<string, Array<{ first: number; latest: number }>>();
      for (const p of await repo.scorePairs(tx, q.from, q.to)) {
        const key = `${p.instrument}@${p.version}`;
        if (definitions.has(key)) pairsBy.set(key, [...(pairsBy.get(key) ?? []), { first: p.first, latest: p.latest }]);
      }
      const outcomes = [...pairsBy.entries()].map(([key, pairs]) => {
        const d = definitions.get(key)!;
        const change = outcomeChange(d, pairs, policy, suppress);
        return { ...change, pairs: suppress ? suppressCount(change.pairs, policy).shown : change.pairs, title: lang === 'es' ? (d.title.es ?? d.title.en) : d.title.en, higherIsBetter: d.higherIsBetter };
      });

      await audited();
      const computed = {
        period: { from: q.from, to: q.to },
        by: q.by ?? null,
        suppression: { applied: suppress, ...metaOf(policy) },
        totals: view(totals, shown.total),
        groups: rows.map((r, i) => ({ key: r.grp, label: names.get(r.grp) ?? r.grp, ...view(r, shown.groups[i]!) })),
        outcomes,
      };
      cache.delete(key);
      cache.set(key, { version, view: computed });
      if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
      settle(computed);
      return { organization: await repo.orgName(tx, actor.orgId!), ...computed };
      } catch (e) {
        fail(e);
        throw e;
      } finally {
        inflight.delete(flightKey);
      }
      // A year of a large agency is aggregated in one read: a report's own statement timeout.
    }, null, db.longStatements);
  },
  };
};

export type ReportService = ReturnType<typeof createReportService>;

/** The report's groups and total as CSV rows (funders' spreadsheets), with its suppression stated (P11). */
export const programReportCsv = (r: ProgramReportView): string => {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const header = ['group', 'people_served', 'new_people', 'discharged', 'sessions', 'hours', 'sessions_per_person', 'referrals_made', 'referrals_closed'];
  const line = (label: string, c: ProgramReportView['totals']) =>
    [label, c.served, c.newPeople, c.discharged, c.encounters, c.hours, c.encountersPerPerson, c.referralsMade, c.referralsClosed].map(cell).join(',');
  return [
    `# ${r.organization}; ${r.period.from} to ${r.period.to}; suppression ${r.suppression.applied ? `k=${r.suppression.k}` : 'off'}; rounded ${r.suppression.rounded}; rules ${r.suppression.ruleVersion}`,
    header.join(','),
    ...r.groups.map((g) => line(g.label, g)),
    line('Total', r.totals),
  ].join('\r\n') + '\r\n';
};
