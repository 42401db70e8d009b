import { userOf } from '../../http/auth.ts';
import { commonErrors, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { dashboardSummary } from './dashboard.schemas.ts';

export const registerDashboardRoutes = (app: App, { dashboard }: Services) => {
  app.get('/api/v1/dashboard/summary', {
    schema: {
      tags: ['dashboard'],
      summary: "The numbers a day starts with: a peer's own, a supervisor's team, an admin's organization",
      response: { 200: dashboardSummary, ...commonErrors },
    },
    handler: async (req) => dashboard.summary(userOf(req)),
  });
};
