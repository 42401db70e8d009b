/**
 * A referral as ServiceRequest and Task, the Gravity SDOH Clinical Care pattern: the
 * ServiceRequest is what was asked for whom, the Task (code `fulfill`, focus the request, owned
 * by the receiving organization) carries its progress and outcome.
 */
import type { ServiceRequest, Task } from '@medplum/fhirtypes';
import { metaOf, narrative, PART2_REDISCLOSURE_NOTICE, PB_CS, SDOHCC, SNOMED, TASK_CODE } from './codes.ts';
import type { ReferralRecord } from './model.ts';

/** ServiceRequest.status (required binding request-status). */
export const SERVICE_REQUEST_STATUS: Record<string, ServiceRequest['status']> = {
  draft: 'draft',
  sent: 'active',
  received: 'active',
  accepted: 'active',
  'in-progress': 'active',
  declined: 'revoked',
  cancelled: 'revoked',
  completed: 'completed',
  'not-completed': 'completed',
};

/** Task.status (required binding task-status). */
export const TASK_STATUS: Record<string, Task['status']> = {
  draft: 'draft',
  sent: 'requested',
  received: 'received',
  accepted: 'accepted',
  'in-progress': 'in-progress',
  declined: 'rejected',
  cancelled: 'cancelled',
  completed: 'completed',
  'not-completed': 'failed',
};

/** ServiceRequest.priority (required binding request-priority). */
export const PRIORITY: Record<ReferralRecord['urgency'], ServiceRequest['priority']> = { emergent: 'stat', urgent: 'urgent', routine: 'routine' };

/** Gravity SDOH domains for the needs that are social; the others carry only Peerbridge's need code. */
export const SDOH_DOMAIN: Record<string, { code: string; display: string } | undefined> = {
  housing: { code: 'housing-instability', display: 'Housing Instability' },
  food: { code: 'food-insecurity', display: 'Food Insecurity' },
  transportation: { code: 'transportation-insecurity', display: 'Transportation Insecurity' },
  employment: { code: 'employment-status', display: 'Employment Status' },
  benefits: { code: 'financial-insecurity', display: 'Financial Insecurity' },
};

const REFERRAL_TO_SERVICE = { system: SNOMED, code: '306206005', display: 'Referral to service (procedure)' };

/** `part2`: whether the Part 2 side of the referral goes into this export (part2.ts). */
export const toServiceRequest = (r: ReferralRecord, orgId: string, part2: boolean): ServiceRequest => {
  const domain = SDOH_DOMAIN[r.need];
  const consents = [
    ...(r.sharingConsent?.given ? [{ reference: `Consent/${r.id}` }] : []),
    ...(part2 && r.part2Consent ? [{ reference: `Consent/${r.part2Consent.id}` }] : []),
  ];
  return {
    resourceType: 'ServiceRequest',
    id: r.id,
    ...metaOf(part2),
    ...(part2 ? { text: narrative('additional', [`Referral to ${r.serviceName}`, PART2_REDISCLOSURE_NOTICE]) } : {}),
    status: SERVICE_REQUEST_STATUS[r.status] ?? 'unknown',
    intent: 'order',
    category: [
      ...(domain ? [{ coding: [{ system: SDOHCC, ...domain }] }] : []),
      { coding: [{ system: PB_CS('referral-need'), code: r.need }] },
    ],
    priority: PRIORITY[r.urgency],
    code: { coding: [{ ...REFERRAL_TO_SERVICE }], text: r.serviceName },
    subject: { reference: `Patient/${r.participantId}` },
    authoredOn: r.createdAt.toISOString(),
    requester: r.peerId ? { reference: `Practitioner/${r.peerId}` } : { reference: `Organization/${orgId}` },
    performer: [{ display: r.serviceOrganizationName ? `${r.serviceName} (${r.serviceOrganizationName})` : r.serviceName }],
    ...(consents.length > 0 ? { supportingInfo: consents } : {}),
    ...(r.note.trim() ? { note: [{ text: r.note }] } : {}),
  };
};

export const toTask = (r: ReferralRecord, orgId: string, part2: boolean): Task => ({
  resourceType: 'Task',
  id: r.id,
  ...metaOf(part2),
  ...(part2 ? { text: narrative('additional', [`Referral to ${r.serviceName}`, PART2_REDISCLOSURE_NOTICE]) } : {}),
  status: TASK_STATUS[r.status] ?? 'requested',
  ...(r.statusReason ? { statusReason: { text: r.statusReason } } : {}),
  intent: 'order',
  priority: PRIORITY[r.urgency],
  code: { coding: [{ system: TASK_CODE, code: 'fulfill', display: 'Fulfill the focal request' }] },
  focus: { reference: `ServiceRequest/${r.id}` },
  for: { reference: `Patient/${r.participantId}` },
  authoredOn: r.createdAt.toISOString(),
  lastModified: (r.updatedAt < r.createdAt ? r.createdAt : r.updatedAt).toISOString(),
  requester: r.peerId ? { reference: `Practitioner/${r.peerId}` } : { reference: `Organization/${orgId}` },
  owner: { display: r.serviceOrganizationName ?? r.serviceName },
  ...(r.outcome
    ? { output: [{ type: { coding: [{ system: PB_CS('referral-output'), code: 'outcome' }] }, valueCodeableConcept: { coding: [{ system: PB_CS('referral-outcome'), code: r.outcome }] } }] }
    : {}),
});
