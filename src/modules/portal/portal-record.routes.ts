import { z } from 'zod';
import { buildEverything } from '../../interop/fhir/everything.ts';
import { unauthorized } from '../../core/errors.ts';
import { commonErrors, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { buildRecordPdf } from '../fhir/record.ts';
import { PORTAL_COOKIE } from './portal.routes.ts';

/**
 * `GET /api/v1/portal/record`: the participant downloads their own record as a FHIR R4 Bundle
 * (issue 23), and `GET /api/v1/portal/record.pdf` the same record as a printable PDF in their
 * language (fhir/record.ts). Both are built for the person as reader (the narrative of their
 * notes included) and audited where they are built; the download is audited here as well.
 */
export const registerPortalRecordRoutes = (app: App, { db, portal, audit, keys, clock, publicUrl }: Services) => {
  const signedIn = async (cookie: string | undefined, ip: string) => {
    const s = cookie ? await portal.authenticate(cookie, ip) : null;
    if (!s) throw unauthorized('portal-signed-out', 'Your visit ended. Open a new link from your peer to come back.');
    return s;
  };
  app.get('/api/v1/portal/record', {
    schema: {
      tags: ['portal'],
      summary: 'My whole record as a FHIR R4 Bundle (collection) to keep or take elsewhere',
      security: [],
      response: { 200: z.record(z.string(), z.unknown()).describe('FHIR R4 Bundle (application/fhir+json)'), 401: commonErrors[401] },
    },
    handler: async (req, reply) => {
      const s = await signedIn(req.cookies[PORTAL_COOKIE], req.ip);
      // Always the participant's own id from the session: there is no id to ask for another's.
      const bundle = await buildEverything(db, s.actor, s.actor.participantId, { reader: 'person', audit, keys, clock, ...(publicUrl ? { baseUrl: `${publicUrl.replace(/\/$/, '')}/fhir` } : {}) });
      await db.tenant(s.actor.orgId, (tx) => audit.record(tx, s.actor, { action: 'portal.record.download', entityType: 'participant', entityId: s.actor.participantId }));
      return reply
        .type('application/fhir+json')
        .header('content-disposition', 'attachment; filename="my-record.json"')
        .send(bundle as unknown as Record<string, unknown>);
    },
  });

  app.get('/api/v1/portal/record.pdf', {
    schema: {
      tags: ['portal'],
      summary: 'My record as a printable PDF in plain words, in my language unless ?lang= (the same record as the FHIR download; audited)',
      security: [],
      querystring: z.object({ lang: z.enum(['en', 'es']).optional() }),
      response: { 200: { description: 'The record as a PDF (application/pdf)', content: { 'application/pdf': { schema: z.string().describe('binary') } } }, 401: commonErrors[401] },
    },
    handler: async (req, reply) => {
      const s = await signedIn(req.cookies[PORTAL_COOKIE], req.ip);
      const { pdf, fileName, lang } = await buildRecordPdf(db, s.actor, s.actor.participantId, { reader: 'person', audit, keys, clock, lang: req.query.lang });
      await db.tenant(s.actor.orgId, (tx) => audit.record(tx, s.actor, { action: 'portal.record.download', entityType: 'participant', entityId: s.actor.participantId, details: { format: 'pdf', lang } }));
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${fileName}"`).send(pdf as never);
    },
  });
};
