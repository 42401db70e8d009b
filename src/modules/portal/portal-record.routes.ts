import { z } from 'zod';
import { buildEverything } from '../../interop/fhir/everything.ts';
import { unauthorized } from '../../core/errors.ts';
import { commonErrors, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { PORTAL_COOKIE } from './portal.routes.ts';

/**
 * `GET /api/v1/portal/record`: the participant downloads their own record as a FHIR R4 Bundle
 * (issue 23), built by the FHIR module's `buildEverything` for the person as reader (the
 * narrative of their notes included). The bundle's own read is audited by `buildEverything`;
 * the download is audited here as well.
 */
export const registerPortalRecordRoutes = (app: App, { db, portal, audit, keys, clock, publicUrl }: Services) => {
  app.get('/api/v1/portal/record', {
    schema: {
      tags: ['portal'],
      summary: 'My whole record as a FHIR R4 Bundle (collection) to keep or take elsewhere',
      security: [],
      response: { 200: z.record(z.string(), z.unknown()).describe('FHIR R4 Bundle (application/fhir+json)'), 401: commonErrors[401] },
    },
    handler: async (req, reply) => {
      const cookie = req.cookies[PORTAL_COOKIE];
      const s = cookie ? await portal.authenticate(cookie, req.ip) : null;
      if (!s) throw unauthorized('portal-signed-out', 'Your visit ended. Open a new link from your peer to come back.');
      // Always the participant's own id from the session: there is no id to ask for another's.
      const bundle = await buildEverything(db, s.actor, s.actor.participantId, { reader: 'person', audit, keys, clock, ...(publicUrl ? { baseUrl: `${publicUrl.replace(/\/$/, '')}/fhir` } : {}) });
      await db.tenant(s.actor.orgId, (tx) => audit.record(tx, s.actor, { action: 'portal.record.download', entityType: 'participant', entityId: s.actor.participantId }));
      return reply
        .type('application/fhir+json')
        .header('content-disposition', 'attachment; filename="my-record.json"')
        .send(bundle as unknown as Record<string, unknown>);
    },
  });
};
