import { userOf } from '../../http/auth.ts';
import { commonErrors, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { dashboardSummary } from './dashboard.schemas.ts';
import { followUpQuery, followUpView } from './followup-rate.ts';

export const registerDashboardRoutes = (app: App, { dashboard }: Services) => {
  app.get('/api/v1/dashboard/summary', {
    schema: {
      tags: ['dashboard'],
      summary: "The numbers a day starts with: a peer's own, a supervisor's team, an admin's organization",
      response: { 200: dashboardSummary, ...commonErrors },
    },
    handler: async (req) => dashboard.summary(userOf(req)),
  });
  app.get('/api/v1/dashboard/follow-up', {
    schema: {
      tags: ['dashboard'],
      summary: "The organization's SUPRT follow-up rate for a period (reassessments completed inside their window / due, against the 80% target), small counts suppressed (audited)",
      querystring: followUpQuery,
      response: { 200: followUpView, ...commonErrors },
    },
    handler: async (req) => dashboard.followUp(userOf(req), req.query),
  });
};
