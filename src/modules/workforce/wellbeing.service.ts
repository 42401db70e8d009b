import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { badRequest, forbidden } from '../../core/errors.ts';
import { metaOf, suppressBreakdown, suppressCount, suppressStatistic, DEFAULT_POLICY } from '../../core/suppression.rules.ts';
import type { Database } from '../../db/client.ts';
import * as wrepo from './wellbeing.repo.ts';
import type { AuditService } from '../audit/audit.service.ts';
import * as repo from './workforce.repo.ts';
import { checkAnswers, score, summaryBand, PROQOL_CREDIT, type Score, type WellbeingInstrument } from './wellbeing.rules.ts';

export interface WellbeingDeps {
  db: Database;
  audit: AuditService;
  clock: () => Date;
}

/**
 * Wellbeing check-ins that stay the peer's own (issue 21). Every query of answers is keyed to the
 * caller's own user id: no role, admins included, reads another person's answers or scores. A
 * peer may share one summary band with supervisors, or ask for a check-in, and take it back.
 * The organization sees team figures only when at least k = 11 people contributed. Audit entries
 * name the action and never carry answers or scores.
 */
export const createWellbeingService = ({ db, audit, clock }: WellbeingDeps) => {
  const user = (actor: Actor) => {
    if (actor.kind !== 'user') throw forbidden('Wellbeing check-ins belong to a person.');
    return actor;
  };

  const latestOwn = async (tx: Parameters<Parameters<Database['tenant']>[1]>[0], userId: string) => {
    const rows = await wrepo.checkinsOf(tx, userId, 50);
    const latest = new Map<string, (typeof rows)[number]>();
    for (const r of rows) if (!latest.has(r.instrument)) latest.set(r.instrument, r);
    return [...latest.values()];
  };

  return {
    async checkIn(actor: Actor, input: { instrument: WellbeingInstrument; answers: Record<string, number> }) {
      const me = user(actor);
      const problems = checkAnswers(input.instrument, input.answers).map((p) => ({ field: `body.${p.field}`, message: p.message }));
      if (problems.length > 0) throw badRequest(`Check ${problems.slice(0, 5).map((p) => p.field).join(', ')}.`, problems);
      const scores = score(input.instrument, input.answers);
      return db.tenant(me.orgId, async (tx) => {
        const row = await wrepo.insertCheckin(tx, { id: randomUUID(), orgId: me.orgId, userId: me.userId, instrument: input.instrument, answers: input.answers, scores, createdAt: clock() });
        // No instrument, answers or scores in the audit trail: only that the person checked in.
        await audit.record(tx, actor, { action: 'wellbeing.check_in', entityType: 'user', entityId: me.userId });
        return { id: row.id, instrument: input.instrument, answers: input.answers, scores, createdAt: row.createdAt.toISOString(), ...(input.instrument === 'proqol-5' ? { credit: PROQOL_CREDIT } : {}) };
      });
    },

    /** The caller's own check-ins, newest first: nobody else's, whatever the role. */
    async listOwn(actor: Actor) {
      const me = user(actor);
      return db.tenant(me.orgId, async (tx) => {
        const rows = await wrepo.checkinsOf(tx, me.userId, 200);
        const sharing = await wrepo.sharingOf(tx, me.userId);
        return {
          items: rows.map((r) => ({ id: r.id, instrument: r.instrument as WellbeingInstrument, answers: r.answers, scores: r.scores as Score[], createdAt: r.createdAt.toISOString() })),
          sharing: { shareBand: sharing?.shareBand ?? false, askCheckin: sharing?.askCheckin ?? false },
          band: summaryBand((await latestOwn(tx, me.userId)).map((r) => ({ instrument: r.instrument as WellbeingInstrument, scores: r.scores as Score[] }))),
        };
      });
    },

    async setSharing(actor: Actor, input: { shareBand: boolean; askCheckin: boolean }) {
      const me = user(actor);
      return db.tenant(me.orgId, async (tx) => {
        await wrepo.upsertSharing(tx, { orgId: me.orgId, userId: me.userId, shareBand: input.shareBand, askCheckin: input.askCheckin, updatedAt: clock() });
        await audit.record(tx, actor, { action: 'wellbeing.sharing_set', entityType: 'user', entityId: me.userId, details: { shareBand: input.shareBand, askCheckin: input.askCheckin } });
        return input;
      });
    },

    /** What peers chose to share with supervisors: a band and/or a request for a check-in. Never answers or scores. */
    async shared(actor: Actor) {
      const me = user(actor);
      if (me.role !== 'supervisor' && me.role !== 'admin') throw forbidden('Supervisors see what peers chose to share.');
      return db.tenant(me.orgId, async (tx) => {
        const rows = await wrepo.allSharing(tx);
        const on = rows.filter((r) => r.shareBand || r.askCheckin);
        const names = new Map<string, string>();
        for (const r of on) {
          const p = await repo.peerOfUser(tx, r.userId);
          names.set(r.userId, p?.displayName ?? '');
        }
        const items = [];
        for (const r of on) {
          const band = r.shareBand ? summaryBand((await latestOwn(tx, r.userId)).map((c) => ({ instrument: c.instrument as WellbeingInstrument, scores: c.scores as Score[] }))) : null;
          items.push({ userId: r.userId, name: names.get(r.userId) ?? '', band, askCheckin: r.askCheckin, since: r.updatedAt.toISOString() });
        }
        await audit.record(tx, actor, { action: 'wellbeing.shared_read', entityType: 'user', details: { count: items.length } });
        return { items };
      });
    },

    /**
     * Team figures of the last 90 days: contributors and, when at least k = 11 people
     * contributed, the mean of each scale and the count in each band (small cells hidden).
     */
    async team(actor: Actor) {
      const me = user(actor);
      if (me.role === 'peer') throw forbidden('Team figures are for supervisors, admins and analysts.');
      const since = new Date(clock().getTime() - 90 * 86_400_000);
      return db.tenant(me.orgId, async (tx) => {
        const rows = await wrepo.scoresSince(tx, since);
        const contributors = new Set(rows.map((r) => r.userId)).size;
        // Each person's latest check-in per instrument, so a frequent check-in does not weigh more.
        const latest = new Map<string, (typeof rows)[number]>();
        for (const r of rows) if (!latest.has(`${r.userId}|${r.instrument}`)) latest.set(`${r.userId}|${r.instrument}`, r);
        const scales = new Map<string, { instrument: string; values: number[]; bands: Record<string, number>; people: Set<string> }>();
        for (const r of latest.values()) {
          for (const s of r.scores as Score[]) {
            const key = `${r.instrument}:${s.code}`;
            const e = scales.get(key) ?? { instrument: r.instrument, values: [], bands: { low: 0, moderate: 0, high: 0 }, people: new Set<string>() };
            e.values.push(s.score);
            e.bands[s.band] = (e.bands[s.band] ?? 0) + 1;
            e.people.add(r.userId);
            scales.set(key, e);
          }
        }
        await audit.record(tx, actor, { action: 'wellbeing.team_read', entityType: 'organization' });
        const shown = suppressCount(contributors);
        return {
          contributors: shown.shown,
          // Nobody at all is also under k: the figures are withheld, not an empty table.
          suppressed: contributors < DEFAULT_POLICY.k,
          suppression: metaOf(DEFAULT_POLICY),
          scales:
            contributors < DEFAULT_POLICY.k
              ? []
              : [...scales.entries()].map(([key, e]) => ({
                  scale: key,
                  contributors: suppressCount(e.people.size).shown,
                  mean: suppressStatistic(Math.round((e.values.reduce((a, b) => a + b, 0) / e.values.length) * 10) / 10, e.people.size),
                  // P4: the three bands with their total, complementary suppression included.
                  bands: ((b) => ({ low: b.groups[0]!.shown, moderate: b.groups[1]!.shown, high: b.groups[2]!.shown }))(
                    suppressBreakdown([e.bands.low ?? 0, e.bands.moderate ?? 0, e.bands.high ?? 0], e.people.size),
                  ),
                })),
        };
      });
    },
  };
};

export type WellbeingService = ReturnType<typeof createWellbeingService>;
