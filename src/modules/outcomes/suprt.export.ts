import type { Actor } from '../../core/actor.ts';
import { forbidden } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { serviceDateOf } from '../billing/billing.rules.ts';
import * as repo from './outcomes.repo.ts';
import { outcomesSettings } from './outcomes.schemas.ts';
import { assessmentPoints, episodesOf, type AssessmentPoint } from './schedule.rules.ts';

/**
 * The SUPRT-style client-level export (issue 20; shared/OUTCOMES-AND-WORKFORCE.md §2): one row
 * per participant, episode, assessment point and instrument, with its window and completion
 * status on the day of the export. Columns are documented one by one in
 * docs/outcomes-exports.md; SAMHSA's item wording is not reproduced (only the structure).
 */
export const SUPRT_COLUMNS = [
  'client_id',
  'episode',
  'episode_start',
  'episode_end',
  'point',
  'sequence',
  'instrument',
  'window_start',
  'window_end',
  'status',
  'completed_on',
  'in_window',
  'counts_for_follow_up_rate',
  'as_of',
] as const;

export interface SuprtRow {
  clientId: string;
  episodeStart: string;
  episodeEnd: string | null;
  point: AssessmentPoint;
}

/** CSV with CRLF line ends, as funders' spreadsheets read it. Ids and dates need no quoting. */
export const suprtCsv = (rows: SuprtRow[], asOf: string): string =>
  [
    SUPRT_COLUMNS.join(','),
    ...rows.map((r) =>
      [
        r.clientId,
        r.point.episode + 1,
        r.episodeStart,
        r.episodeEnd ?? '',
        r.point.kind,
        r.point.sequence,
        r.point.instrument,
        r.point.windowStart,
        r.point.windowEnd,
        r.point.status,
        r.point.completedOn ?? '',
        r.point.status === 'completed' ? 'Y' : 'N',
        (r.point.kind === 'reassessment' || r.point.kind === 'annual') && (r.point.status === 'completed' || r.point.status === 'missed') ? 'Y' : 'N',
        asOf,
      ].join(','),
    ),
  ].join('\r\n') + '\r\n';

export const createSuprtExport = ({ db, audit, clock }: { db: Database; audit: AuditService; clock: () => Date }) => ({
  /** Client-level rows for every participant with an episode of care (supervisors and admins; audited as an export). */
  async suprtExport(actor: Actor): Promise<{ asOf: string; rows: SuprtRow[]; csv: string }> {
    if (actor.kind === 'user' && actor.role !== 'admin' && actor.role !== 'supervisor') throw forbidden('Client-level exports are for supervisors and admins.');
    return db.tenant(
      actor.orgId!,
      async (tx) => {
        const org = await repo.orgSettings(tx, actor.orgId!);
        const timeZone = org?.timeZone ?? 'America/New_York';
        const schedule = outcomesSettings.parse((org?.settings as Record<string, unknown> | undefined)?.outcomes ?? {}).suprt;
        const dateOf = (d: Date) => serviceDateOf(d.toISOString(), timeZone);
        const asOf = dateOf(clock());
        const spans = new Map<string, Array<{ start: string; end: string | null }>>();
        for (const a of await repo.allAssignmentSpans(tx)) spans.set(a.participantId, [...(spans.get(a.participantId) ?? []), { start: dateOf(a.assignedAt), end: a.endedAt ? dateOf(a.endedAt) : null }]);
        const given = new Map<string, Array<{ instrument: string; on: string }>>();
        for (const g of await repo.allCompleteAssessments(tx)) given.set(g.participantId, [...(given.get(g.participantId) ?? []), { instrument: g.instrument, on: dateOf(g.administeredAt) }]);
        const rows: SuprtRow[] = [];
        for (const [clientId, assigned] of [...spans.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
          const episodes = episodesOf(assigned);
          for (const point of assessmentPoints(episodes, given.get(clientId) ?? [], schedule, asOf)) {
            const e = episodes[point.episode]!;
            rows.push({ clientId, episodeStart: e.start, episodeEnd: e.end, point });
          }
        }
        await audit.record(tx, actor, { action: 'report.suprt_export', entityType: 'organization', entityId: actor.orgId!, details: { asOf, rows: rows.length, participants: spans.size } });
        return { asOf, rows, csv: suprtCsv(rows, asOf) };
      },
      null,
      db.longStatements,
    );
  },
});

export type SuprtExport = ReturnType<typeof createSuprtExport>;
