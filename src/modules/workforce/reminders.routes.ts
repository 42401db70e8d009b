import { z } from 'zod';
import { userOf } from '../../http/auth.ts';
import { commonErrors, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';

const event = z.object({
  credentialId: z.uuid(),
  peerId: z.uuid(),
  peerName: z.string(),
  credentialType: z.string(),
  credentialName: z.string(),
  kind: z.enum(['expires-in-90', 'expires-in-60', 'expires-in-30', 'expires-in-7', 'expires', 'grace-ends']),
  on: z.string(),
  about: z.string(),
  status: z.enum(['active', 'grace', 'lapsed', 'inactive']),
});
const calendarQuery = z
  .object({ from: z.iso.date(), to: z.iso.date(), limit: z.coerce.number().int().min(1).max(1000).default(200), offset: z.coerce.number().int().min(0).max(1_000_000).default(0) })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'The end is before the start' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 3 * 366 * 86_400_000, { path: ['to'], message: 'At most three years at a time' });

export const registerReminderRoutes = (app: App, { reminders, publicUrl }: Services) => {
  app.get('/api/v1/workforce/reminders', {
    schema: { tags: ['workforce'], summary: "The caller's credential reminders due now (90/60/30/7 days before expiry, end of grace), for My day", response: { 200: z.object({ items: z.array(event.extend({ daysLeft: z.number().int() })) }), ...commonErrors } },
    handler: async (req) => reminders.mine(userOf(req)),
  });
  app.get('/api/v1/workforce/credential-calendar', {
    schema: { tags: ['workforce'], summary: "The team's credential calendar: reminders, expiries and ends of grace in a range, a page at a time by day (supervisors and admins; audited)", querystring: calendarQuery, response: { 200: z.object({ from: z.string(), to: z.string(), items: z.array(event), nextOffset: z.number().int().nullable() }), ...commonErrors } },
    handler: async (req) => reminders.teamCalendar(userOf(req), req.query.from, req.query.to, { limit: req.query.limit, offset: req.query.offset }),
  });
  app.post('/api/v1/workforce/calendar-feed', {
    schema: { tags: ['workforce'], summary: "A new secret iCalendar address for the caller's credential dates (the previous one stops working)", response: { 201: z.object({ url: z.string() }), ...commonErrors } },
    handler: async (req, reply) => reply.status(201).send(await reminders.rotateFeed(userOf(req), publicUrl ?? `${req.protocol}://${req.host}`)),
  });
  app.get('/api/v1/calendar-feeds/:orgId/:token', {
    config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    schema: {
      tags: ['workforce'],
      summary: "A peer's credential calendar as iCalendar (no sign-in: the secret address is the key)",
      security: [],
      params: z.object({ orgId: z.uuid(), token: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/) }),
      response: { 200: z.string().describe('text/calendar'), ...commonErrors },
    },
    handler: async (req, reply) => reply.type('text/calendar; charset=utf-8').send(await reminders.feed(req.params.orgId, req.params.token)),
  });
};
