// One participant's matches (issue 3), split from matching.service.ts: their peers ranked through
// the organization's peer index, best first with reasons in the caller's language (a peer reads
// them as the participant would, issue 18), and assigning a peer with the pair's score and reasons
// at that moment. The waitlist's batches (matching.batches.ts) assign through the same `assign`.
// matching.service.ts offers these use cases; a refused one is audited as denied there
// (audit.refusals).
import type { Actor } from '../../core/actor.ts';
import { forbidden } from '../../core/errors.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { AssignmentView } from '../people/people.schemas.ts';
import type { PeopleService } from '../people/people.service.ts';
import { todayIn, toParticipantForMatching, type MatchingCommon } from './matching.common.ts';
import * as repo from './matching.repo.ts';
import { scoreMatch, type RankedMatch } from './matching.rules.ts';
import { rankIndexed } from './peer-index.rules.ts';
import type { Lang } from './taxonomy.ts';

interface MatchDeps {
  db: Database;
  audit: AuditService;
  people: PeopleService;
  common: MatchingCommon;
}

export type MatchCases = ReturnType<typeof createMatchCases>;

export const createMatchCases = ({ db, audit, people, common }: MatchDeps) => {
  const { poolAt, toOrgMatching, matchingState } = common;

  /**
   * Assigns, recording the score and reasons of the pair at that moment (for retention by
   * criterion). A supervisor may assign against a soft or hard preference; capacity is the one
   * rule that holds (409 when full).
   */
  const assign = async (
    actor: Actor,
    participantId: string,
    input: { peerId: string; consent: { given: boolean; method: 'verbal' | 'written' | 'electronic' } },
    within?: Tx,
  ): Promise<AssignmentView> => {
    const explain = async (tx: Tx) => {
      const row = await people.openParticipant(tx, actor, participantId);
      const { org, pool: { index } } = await matchingState(tx, actor.orgId!);
      const at = index.position.get(input.peerId);
      if (at === undefined) return null;
      const peer = index.peers[at]!;
      return scoreMatch(toParticipantForMatching(row, org.timeZone), peer, org.weights, 'en', 'staff', { asOf: todayIn(org.timeZone), extraCodes: org.extensions });
    };
    const explained = await (within ? explain(within) : db.tenant(actor.orgId!, explain));
    return people.assign(actor, participantId, { ...input, matchScore: explained?.score ?? null, matchReasons: explained?.reasons ?? [] }, within);
  };

  return {
    /**
     * Ranked peers for one participant, best first, each with the reasons in the caller's language.
     * Peers failing a hard constraint are left out; private experience never counts or shows.
     */
    async matches(actor: Actor, participantId: string, o: { limit: number; lang: Lang }): Promise<RankedMatch[]> {
      if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden();
      return db.tenant(actor.orgId!, async (tx) => {
        // The participant, the settings, the matching version and the ended matches in one query.
        const state = await repo.matchRequestState(tx, actor.orgId!, participantId);
        const row = await people.admitParticipant(tx, actor, participantId, state?.participant ?? undefined);
        const org = toOrgMatching(state);
        const { index } = await poolAt(tx, actor.orgId!, state?.version ?? 0);
        const ended = new Set(state?.ended ?? []);
        // A peer ranking for their own participant reads colleagues' reasons as the participant
        // would (issue 18): matching-only experience counts but is never named, and workload stays
        // with the staff who match.
        const audience = actor.kind === 'user' && actor.role === 'peer' ? 'participant' : 'staff';
        const ranked = rankIndexed(
          toParticipantForMatching(row, org.timeZone),
          index,
          org.weights,
          { limit: o.limit, lang: o.lang, audience, asOf: todayIn(org.timeZone), extraCodes: org.extensions },
          ended,
        );
        await audit.record(tx, actor, { action: 'participant.matches_read', entityType: 'participant', entityId: participantId, details: { returned: ranked.length } });
        return ranked;
      });
    },

    assign,
  };
};
