import type { Actor } from '../../core/actor.ts';
import type { Keys } from '../../core/crypto.ts';
import { forbidden } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import type { AttemptEntry, AuditService } from '../audit/audit.service.ts';
import type { BillingService } from '../billing/billing.service.ts';
import type { PeopleService } from '../people/people.service.ts';
import { caseloadSettingsOf, createCaseloadCommon } from './caseload.common.ts';
import { createDayCases } from './caseload.day.ts';
import { createEncounterCases, participantIdsOf } from './caseload.encounters.ts';
import { createPlanCases } from './caseload.plans.ts';
import * as repo from './caseload.repo.ts';
import { createSigningCases } from './caseload.signing.ts';
import type { CaseloadSettings } from './caseload.schemas.ts';

// Session notes, plans and the peer's day: this file holds the co-signature settings and wires the
// use cases together. What the notes' use cases share is in caseload.common.ts; writing drafts is
// in caseload.encounters.ts, signing and review in caseload.signing.ts, the note form's defaults
// and the peer's day in caseload.day.ts, recovery plans in caseload.plans.ts.
export { caseloadSettingsOf } from './caseload.common.ts';

export interface CaseloadDeps {
  db: Database;
  audit: AuditService;
  people: PeopleService;
  billing: BillingService;
  clock: () => Date;
  /** Narratives, next steps and addenda are encrypted at rest with `keys.field`. */
  keys: Keys;
}

export type CaseloadService = ReturnType<typeof createCaseloadService>;

export const createCaseloadService = ({ db, audit, people, billing, clock, keys }: CaseloadDeps) => {
  const common = createCaseloadCommon({ people, billing, clock, keys });
  const plans = createPlanCases({ db, audit, people, clock, todayIn: common.todayIn });

  const service = {
    // ---------- encounters: drafts (caseload.encounters.ts) ----------

    ...createEncounterCases({ db, audit, common }),

    // ---------- encounters: signing and review (caseload.signing.ts) ----------

    ...createSigningCases({ db, audit, billing, clock, common }),

    // ---------- the note form's defaults and the peer's day (caseload.day.ts) ----------

    ...createDayCases({ db, audit, clock, common }),

    // ---------- settings ----------

    async getSettings(actor: Actor): Promise<CaseloadSettings> {
      return db.tenant(actor.orgId!, async (tx) => caseloadSettingsOf((await repo.getOrg(tx, actor.orgId!))?.settings));
    },

    async putSettings(actor: Actor, input: CaseloadSettings): Promise<CaseloadSettings> {
      if (actor.kind === 'user' && actor.role !== 'admin') throw forbidden('Admins change co-signature settings.');
      return db.tenant(actor.orgId!, async (tx) => {
        await repo.setOrgSettingsKey(tx, actor.orgId!, 'caseload', input);
        await audit.record(tx, actor, { action: 'caseload.settings_update', entityType: 'organization', entityId: actor.orgId!, details: { cosign: input.cosign, startWithLastActivities: input.startWithLastActivities } });
        return input;
      });
    },

    // ---------- recovery plans (caseload.plans.ts) ----------

    ...plans,
  };

  // A refused read or change of a note or plan (403, or 404 as for an absent one) is audited as denied.
  const onNote = (action: string) => (_actor: Actor, id: string): AttemptEntry => ({ action, entityType: 'encounter', entityId: id });
  const onPlan = (action: string) => (_actor: Actor, participantId: string): AttemptEntry => ({ action, entityType: 'participant', entityId: participantId });
  return audit.refusals(service, {
    createEncounter: (_actor, input) => ({ action: 'encounter.create', entityType: 'encounter', details: { participantIds: participantIdsOf(input) } }),
    getEncounter: onNote('encounter.read'),
    updateEncounter: onNote('encounter.update'),
    deleteDraft: onNote('encounter.delete_draft'),
    signEncounter: onNote('encounter.sign'),
    addAddendum: onNote('encounter.addendum'),
    cosignEncounter: onNote('encounter.cosign'),
    returnEncounter: onNote('encounter.return'),
    voidEncounter: onNote('encounter.void'),
    listEncounters: (_actor, q) => ({ action: 'encounter.list', entityType: 'encounter', details: q.participantId ? { participantId: q.participantId } : {} }),
    reviewQueue: () => ({ action: 'encounter.review_queue', entityType: 'encounter' }),
    // Without a participant the defaults name no one's record.
    encounterDefaults: (_actor, participantId) =>
      participantId ? { action: 'plan.read', entityType: 'participant', entityId: participantId, details: { via: 'encounter-defaults' } } : null,
    getPlan: onPlan('plan.read'),
    putPlan: onPlan('plan.update'),
    planHistory: onPlan('plan.history_read'),
  });
};
