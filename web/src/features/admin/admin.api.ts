import { api } from '../../app/api';
import type { Role } from '../../app/session';

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** `User` in the OpenAPI document. */
export interface User {
  id: string;
  email: string;
  displayName: string | null;
  role: Role;
  active: boolean;
  totpEnabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export const listUsers = (q: { page: number; pageSize: number; q?: string }) =>
  api<Paged<User>>('/users', { query: q });

export const createUser = (input: { email: string; displayName?: string; role: Role; password: string }) =>
  api<User>('/users', { method: 'POST', body: input });

export const updateUser = (id: string, patch: { role?: Role; active?: boolean; displayName?: string | null }) =>
  api<User>(`/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });

/** What became of a recorded action: it went through, or it was refused (`AuditEvent.outcome`). */
export const AUDIT_OUTCOMES = ['success', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const isAuditOutcome = (value: unknown): value is AuditOutcome => AUDIT_OUTCOMES.some((o) => o === value);

/** `AuditEvent` in the OpenAPI document. */
export interface AuditEvent {
  id: string;
  seq: number;
  occurredAt: string;
  actor: { id: string; email: string | null } | null;
  actorKind?: string;
  action: string;
  /** `denied`: a refused attempt to read or change a record (403, or 404 as for an absent one); `details` hold `refused` (the problem code) and `status`. */
  outcome: AuditOutcome;
  entityType: string | null;
  entityId: string | null;
  sourceIp: string | null;
  details: Record<string, unknown>;
}

export interface AuditFilter {
  action?: string;
  actorId?: string;
  entityType?: string;
  outcome?: AuditOutcome;
  /** ISO date-times with offset: the start and end of the chosen local days. */
  from?: string;
  to?: string;
  /** Events about one participant (their record, notes, plan, referrals, the lists that showed them). */
  participantId?: string;
  /** The same for the organization's participants so named; resolved to ids by the server. */
  participantName?: string;
}

export const listAuditEvents = (q: AuditFilter & { page: number; pageSize: number }) =>
  api<Paged<AuditEvent>>('/audit-events', { query: { ...q } });

/**
 * Every action the server records (the `action` of `audit.record` and of the refusals each service
 * lists in `audit.refusals`, src/modules/*), offered as suggestions and labelled in the trail; any
 * other text still filters, and an action missing here shows as its code.
 */
export const KNOWN_ACTIONS = [
  // Sign-in, users, API tokens, organizations (identity)
  'auth.login',
  'auth.login_failed',
  'auth.login_locked',
  'auth.logout',
  'user.create',
  'user.update',
  'user.role_change',
  'user.password_change',
  'user.password_reset',
  'user.totp_setup',
  'user.totp_enable',
  'user.totp_disable',
  'token.create',
  'token.revoke',
  'organization.create',
  // Participants, peers and assignments (people)
  'participant.create',
  'participant.read',
  'participant.list',
  'participant.update',
  'participant.assignments_read',
  'participant.timeline_read',
  'participant.search',
  'dashboard.summary',
  'assignment.create',
  'assignment.end',
  'peer.create',
  'peer.update',
  'peer.disclosures_change',
  // Matching
  'participant.matches_read',
  'assignment.quality',
  'match_batch.propose',
  'match_batch.accept',
  'matching.settings_change',
  // Session notes and recovery plans (caseload)
  'caseload.my_day',
  'caseload.settings_update',
  'encounter.create',
  'encounter.read',
  'encounter.update',
  'encounter.delete_draft',
  'encounter.sign',
  'encounter.addendum',
  'encounter.cosign',
  'encounter.return',
  'encounter.void',
  'encounter.list',
  'encounter.review_queue',
  'plan.read',
  'plan.update',
  'plan.history_read',
  // Payers, coverage and claims (billing)
  'payer.create',
  'payer.update',
  'coverage.create',
  'coverage.update',
  'coverage.list',
  'billing.settings_update',
  'claims.export',
  'claims.download',
  // Referrals, and the receiving organization's link
  'referral.create',
  'referral.read',
  'referral.list',
  'referral.status',
  'referral.outcome',
  'referral.follow_ups',
  'referral.report',
  'referral.part2_consent.revoke',
  'referral.link.issue',
  'referral.link.revoke',
  'referral.link.view',
  'referral.link.status',
  'referral.link.refused',
  // Service directory
  'directory.import',
  'directory.local_service.create',
  'directory.note.put',
  'directory.beds.put',
  'directory.manager.add',
  // Measures and safety (outcomes)
  'assessment.create',
  'assessment.due_read',
  'assessment.fhir_read',
  'assessment.list',
  'assessment_link.issue',
  'assessment_link.list',
  'assessment_link.revoke',
  'assessment_link.submit',
  'assessment_link.view',
  'assessment_schedule.set',
  'assessment_schedule.remove',
  'instrument.publish',
  'safety_followup.open',
  'safety_followup.list',
  'safety_followup.close',
  'safety_followup.escalate',
  'mandated_report.record',
  'mandated_report.read',
  'report.follow_up_rate_read',
  'report.suprt_export',
  // Records leaving and coming in (FHIR, PDF)
  'participant.fhir_everything',
  'participant.fhir_import',
  'participant.record_pdf',
  'fhir.bulk_export',
  // Claims
  'claims.preview',
  'claims.export_read',
  // The public page and the participant's portal
  'organization.public_intake.update',
  'peer.public_bio.update',
  'peer_request.create',
  'peer_request.list',
  'peer_request.intake',
  'peer_request.close',
  'portal.invitation.create',
  'portal.session.start',
  'portal.session.end',
  'portal.session.refused',
  'portal.consents.read',
  'portal.consent.revoke',
  'portal.record.download',
  'portal.referrals.read',
  'portal_request.list',
  'portal_request.resolve',
  // Workforce: credentials, education, supervision, wellbeing
  'credential.create',
  'credential.list',
  'credential.calendar_read',
  'calendar_feed.rotate',
  'credential_type.publish',
  'ce.create',
  'ce.list',
  'ce.progress_read',
  'supervision.create',
  'supervision.list',
  'wellbeing.check_in',
  'wellbeing.sharing_set',
  'wellbeing.shared_read',
  'wellbeing.team_read',
  'intensity.read',
  'intensity.team_read',
  'workforce_file.read',
  // Certification
  'certification_pipeline.create',
  'certification_applicant.create',
  'certification_applicant.list',
  'certification_applicant.read',
  'certification_step.update',
  'certification_eligibility.record',
  'reference_request.issue',
  'reference_request.view',
  'reference_request.answer',
  'reference_request.revoke',
  // Workforce registry and jobs
  'registry.create',
  'registry.join',
  'registry.leave',
  'registry.snapshot',
  'registry.build_aggregates',
  'registry.regions',
  'registry.import_roster',
  'registry.import_hpsa',
  'registry.import_acs',
  'peer.registry_consent',
  'peer.job_profile',
  'job.post',
  'job.filled',
  // Directory: needs and feed codes
  'directory.category_map.put',
  'directory.category_map.delete',
] as const;

/** `auth.login_failed` → translation key `audit.actions.auth_login_failed` (dots nest in i18next). */
export const auditActionKey = (action: string) => `audit.actions.${action.replace(/\./g, '_')}`;

/** Every record type an audit event names (`entityType`), offered as suggestions. */
export const KNOWN_ENTITY_TYPES = [
  'user',
  'api_token',
  'organization',
  'participant',
  'peer',
  'assignment',
  'match_batch',
  'encounter',
  'payer',
  'coverage',
  'claim_export',
  'referral',
  'directory_service',
  'directory_import',
  'hsds_organization',
] as const;
