import { userOf } from '../../http/auth.ts';
import { commonErrors, idParam, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { timelineQuery, timelineView } from './record.schemas.ts';

export const registerRecordRoutes = (app: App, { record }: Services) => {
  app.get('/api/v1/participants/:id/timeline', {
    schema: {
      tags: ['participants'],
      summary: "A participant's record: sessions, plan versions, referrals, matches and (admins) coverage, newest first (audited)",
      params: idParam,
      querystring: timelineQuery,
      response: { 200: timelineView, ...commonErrors },
    },
    handler: async (req) => record.timeline(userOf(req), req.params.id, req.query),
  });
};
