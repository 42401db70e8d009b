import { z } from 'zod';
import { pageOf, pageQuery } from '../../core/paging.ts';
import { userOf } from '../../http/auth.ts';
import { commonErrors, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { AUDIT_OUTCOMES } from './audit.rules.ts';

const auditEventView = z
  .object({
    id: z.uuid(),
    seq: z.number().int(),
    occurredAt: z.string(),
    actor: z.object({ id: z.uuid(), email: z.string().nullable() }).nullable(),
    actorKind: z.string(),
    action: z.string(),
    // A refused attempt (403 or 404 to the caller) is 'denied'; its details say why.
    outcome: z.enum(AUDIT_OUTCOMES),
    entityType: z.string().nullable(),
    entityId: z.string().nullable(),
    sourceIp: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEvent' });

const checkpointView = z
  .object({
    type: z.literal('peerbridge-audit-checkpoint'),
    chainId: z.uuid(),
    orgId: z.uuid().nullable(),
    eventCount: z.number().int(),
    headHash: z.string(),
    at: z.string(),
    mac: z.string().describe('HMAC-SHA256 with a key derived from the instance secret, over the other fields'),
  })
  .meta({ id: 'AuditCheckpoint' });

export const registerAuditRoutes = (app: App, { audit, record }: Services) => {
  app.get('/api/v1/audit-checkpoint', {
    schema: {
      tags: ['audit'],
      summary:
        "The organization's audit chain head now, signed (admins): keep it outside this server; `peerbridge audit verify --checkpoints FILE` fails if the chain no longer reaches it",
      response: { 200: checkpointView, ...commonErrors },
    },
    handler: async (req) => audit.checkpointOf(userOf(req)),
  });

  app.get('/api/v1/audit-events', {
    schema: {
      tags: ['audit'],
      summary: "Page through the organization's audit trail, newest first (admins)",
      querystring: pageQuery.extend({
        action: z.string().trim().max(100).optional(),
        actorId: z.uuid().optional(),
        entityType: z.string().trim().max(100).optional(),
        entityId: z.string().trim().max(100).optional(),
        outcome: z.enum(AUDIT_OUTCOMES).optional(),
        from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().describe("A date-time, or a date: from the start of that day in the organization's time zone"),
        to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().describe("A date-time, or a date: through the end of that day in the organization's time zone"),
        participantId: z.uuid().optional().describe("Events about this participant: their record, notes, plan, referrals and the lists that showed them"),
        participantName: z.string().trim().min(2).max(200).optional().describe('The same for every participant of the organization so named (the trail keeps no names)'),
      }),
      response: { 200: pageOf(auditEventView), ...commonErrors },
    },
    handler: async (req) => {
      const q = req.query;
      const actor = userOf(req);
      const { participantId, participantName, ...rest } = q;
      // Both narrow: a name and an id together keep the id only when it bears that name.
      let participantIds = participantId ? [participantId] : undefined;
      if (participantName) {
        const named = await record.participantIdsByName(actor, participantName);
        participantIds = participantIds ? participantIds.filter((id) => named.includes(id)) : named;
      }
      return audit.list(actor, { ...rest, participantIds }, q);
    },
  });
};
