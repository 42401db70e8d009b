import { pageOf } from '../../core/paging.ts';
import { userOf } from '../../http/auth.ts';
import { commonErrors, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { langOf } from '../billing/billing.service.ts';
import { noteListItem, notesQuery } from './notes.schemas.ts';

export const registerNotesRoutes = (app: App, { notes }: Services) => {
  app.get('/api/v1/notes', {
    schema: {
      tags: ['encounters'],
      summary: "The notes list: a peer's own notes, drafts and returned notes; the team's notes, one peer's, or drafts unsigned past N days (supervisors, admins; audited)",
      querystring: notesQuery,
      response: { 200: pageOf(noteListItem), ...commonErrors },
    },
    handler: async (req) => notes.listNotes(userOf(req), req.query, langOf(req.headers['accept-language'] as string | undefined)),
  });
};
