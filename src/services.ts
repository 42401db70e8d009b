import type { Keys } from './core/crypto.ts';
import type { Database } from './db/client.ts';
import { createAuditService } from './modules/audit/audit.service.ts';
import { createBillingService } from './modules/billing/billing.service.ts';
import { createCaseloadService } from './modules/caseload/caseload.service.ts';
import { createNotesService } from './modules/caseload/notes.service.ts';
import { createDashboardService } from './modules/dashboard/dashboard.service.ts';
import { createDirectoryService } from './modules/directory/directory.service.ts';
import { createFhirService } from './modules/fhir/fhir.service.ts';
import { createIdentityService } from './modules/identity/identity.service.ts';
import { createMatchingService } from './modules/matching/matching.service.ts';
import { createOutcomesService } from './modules/outcomes/outcomes.service.ts';
import { createReportService } from './modules/outcomes/report.service.ts';
import { createAssessmentLinksService } from './modules/outcomes/links.service.ts';
import { createSuprtExport } from './modules/outcomes/suprt.export.ts';
import { createSchedulesService } from './modules/outcomes/schedules.service.ts';
import { createMandatedReportsService } from './modules/caseload/mandated.service.ts';
import { createPeerRequestsService } from './modules/portal/peer-requests.service.ts';
import { createPortalService } from './modules/portal/portal.service.ts';
import { createPeopleService } from './modules/people/people.service.ts';
import { createRecordService } from './modules/people/record.service.ts';
import { createReferralsService } from './modules/referrals/referrals.service.ts';
import { createCertificationService } from './modules/workforce/certification.service.ts';
import { createCredentialsService } from './modules/workforce/credentials.service.ts';
import { createReferenceRequestsService } from './modules/workforce/references.service.ts';
import { createRemindersService } from './modules/workforce/reminders.service.ts';
import { createSupervisionService } from './modules/workforce/supervision.service.ts';
import { createWellbeingService } from './modules/workforce/wellbeing.service.ts';
import { createRegistryServices } from './modules/registry/registry.module.ts';

/** Wires repositories into services. HTTP routes, the CLI and jobs all go through these. */
export interface ServiceOptions {
  db: Database;
  keys: Keys;
  clock?: () => Date;
  sessionTtlMs?: number;
  sessionIdleMs?: number;
  /** PEERBRIDGE_PUBLIC_URL: base of links the server sends (referral links); else the request's address. */
  publicUrl?: string | undefined;
}

export const createServices = (o: ServiceOptions) => {
  const clock = o.clock ?? (() => new Date());
  const audit = createAuditService({ db: o.db, auditKey: o.keys.audit });
  const identity = createIdentityService({
    db: o.db,
    keys: o.keys,
    audit,
    clock,
    sessionTtlMs: o.sessionTtlMs ?? 12 * 3_600_000,
    sessionIdleMs: o.sessionIdleMs ?? 30 * 60_000,
  });
  const people = createPeopleService({ db: o.db, keys: o.keys, audit, clock });
  const matching = createMatchingService({ db: o.db, audit, people, clock });
  const billing = createBillingService({ db: o.db, audit, people, clock });
  const caseload = createCaseloadService({ db: o.db, audit, people, billing, clock, keys: o.keys });
  const notes = createNotesService({ db: o.db, audit, billing, clock });
  const directory = createDirectoryService({ db: o.db, audit, clock });
  const outcomes = createOutcomesService({ db: o.db, audit, people, clock });
  const reports = createReportService({ db: o.db, audit });
  const assessmentLinks = createAssessmentLinksService({ db: o.db, keys: o.keys, audit, people, outcomes, clock });
  const suprt = createSuprtExport({ db: o.db, audit, clock });
  const assessmentSchedules = createSchedulesService({ db: o.db, audit, clock });
  const mandatedReports = createMandatedReportsService({ db: o.db, keys: o.keys, audit, clock });
  const referrals = createReferralsService({ db: o.db, keys: o.keys, audit, people, beds: directory.linkBeds, clock });
  const record = createRecordService({ db: o.db, audit, people, clock });
  const dashboard = createDashboardService({ db: o.db, audit, clock });
  const fhir = createFhirService({ db: o.db, keys: o.keys, audit, people, clock, publicUrl: o.publicUrl });
  const peerRequests = createPeerRequestsService({ db: o.db, keys: o.keys, audit, people, matching, clock });
  const portal = createPortalService({ db: o.db, keys: o.keys, audit, people, clock });
  const credentials = createCredentialsService({ db: o.db, audit, clock });
  const reminders = createRemindersService({ db: o.db, audit, clock });
  const supervision = createSupervisionService({ db: o.db, audit, clock });
  const wellbeing = createWellbeingService({ db: o.db, audit, clock });
  const certification = createCertificationService({ db: o.db, audit, clock });
  const referenceRequests = createReferenceRequestsService({ db: o.db, keys: o.keys, audit, clock });
  const registries = createRegistryServices({ db: o.db, audit, clock });
  return { db: o.db, keys: o.keys, clock, audit, identity, people, record, matching, billing, caseload, notes, directory, referrals, outcomes, reports, assessmentLinks, suprt, assessmentSchedules, mandatedReports, dashboard, fhir, peerRequests, portal, credentials, reminders, supervision, wellbeing, certification, referenceRequests, ...registries, publicUrl: o.publicUrl };
};

export type Services = ReturnType<typeof createServices>;
