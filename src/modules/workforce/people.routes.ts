import { z } from 'zod';
import { userOf } from '../../http/auth.ts';
import { commonErrors, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { SUPERVISION_TOPICS } from './supervision.rules.ts';
import { WELLBEING_INSTRUMENTS } from './wellbeing.rules.ts';

/** Supervision, caseload intensity and wellbeing routes of the workforce module (issue 21). */

const sessionInput = z.object({
  peerId: z.uuid(),
  heldOn: z.iso.date(),
  minutes: z.number().int().min(1).max(600),
  kind: z.enum(['individual', 'group']),
  topics: z.array(z.enum(SUPERVISION_TOPICS)).max(10).default([]),
  notes: z.string().max(8000).optional(),
  followUps: z.array(z.object({ text: z.string().min(1).max(500), dueOn: z.iso.date().nullable() })).max(20).optional(),
});
const sessionView = z
  .object({
    id: z.uuid(),
    supervisorId: z.uuid(),
    peerId: z.uuid(),
    heldOn: z.string(),
    minutes: z.number().int(),
    kind: z.enum(['individual', 'group']),
    topics: z.array(z.string()),
    followUps: z.array(z.object({ text: z.string(), dueOn: z.string().nullable() })),
    notes: z.string().nullable(),
    notesVisible: z.boolean(),
  })
  .meta({ id: 'SupervisionSession' });
const week = z.object({
  weekStart: z.string(),
  activeCaseload: z.number().int(),
  capacity: z.number().int(),
  sessions: z.number().int(),
  hours: z.number(),
  safetyFollowups: z.number().int(),
  afterHoursSessions: z.number().int(),
  referralsInProgress: z.number().int(),
  index: z.number().int(),
});
const scoreView = z.object({ code: z.string(), score: z.number(), band: z.enum(['low', 'moderate', 'high']) });
const checkInView = z
  .object({ id: z.uuid(), instrument: z.enum(WELLBEING_INSTRUMENTS), answers: z.record(z.string(), z.number()), scores: z.array(scoreView), createdAt: z.string(), credit: z.string().optional() })
  .meta({ id: 'WellbeingCheckIn' });
const sharing = z.object({ shareBand: z.boolean(), askCheckin: z.boolean() });
const shown = z.union([z.number(), z.string(), z.null()]);

export const registerWorkforcePeopleRoutes = (app: App, { supervision, wellbeing }: Services) => {
  app.post('/api/v1/supervision-sessions', {
    schema: { tags: ['workforce'], summary: 'Record a supervision session (supervisors and admins; notes visible to the two people only; audited)', body: sessionInput, response: { 201: sessionView, ...commonErrors } },
    handler: async (req, reply) => reply.status(201).send(await supervision.create(userOf(req), req.body)),
  });
  app.get('/api/v1/supervision-sessions', {
    schema: { tags: ['workforce'], summary: "Supervision sessions: a peer's own; all for supervisors and admins, notes only where they are a party (audited)", querystring: z.object({ peerId: z.uuid().optional() }), response: { 200: z.object({ items: z.array(sessionView) }), ...commonErrors } },
    handler: async (req) => supervision.list(userOf(req), req.query.peerId),
  });
  app.get('/api/v1/supervision/due', {
    schema: {
      tags: ['workforce'],
      summary: "Who is due supervision this month by the organization's policy (1 hour a month), with hours to date",
      response: { 200: z.object({ month: z.string(), items: z.array(z.object({ peerId: z.uuid(), peerName: z.string(), minutesThisMonth: z.number(), requiredMinutes: z.number(), due: z.boolean(), lastSessionOn: z.string().nullable(), totalHours: z.number() })) }), ...commonErrors },
    },
    handler: async (req) => supervision.due(userOf(req)),
  });
  app.get('/api/v1/peers/:id/intensity', {
    schema: { tags: ['workforce'], summary: "A peer's weekly caseload intensity over 8 weeks: caseload vs capacity, sessions, hours, safety follow-ups, after-hours sessions, referrals (audited)", params: z.object({ id: z.uuid() }), response: { 200: z.object({ peerId: z.uuid(), weeks: z.array(week) }), ...commonErrors } },
    handler: async (req) => supervision.peerIntensity(userOf(req), req.params.id),
  });
  app.get('/api/v1/workforce/intensity', {
    schema: { tags: ['workforce'], summary: "The team's weekly caseload intensity (supervisors and admins; audited)", response: { 200: z.object({ items: z.array(z.object({ peerId: z.uuid(), peerName: z.string(), weeks: z.array(week) })) }), ...commonErrors } },
    handler: async (req) => supervision.teamIntensity(userOf(req)),
  });

  app.post('/api/v1/wellbeing/check-ins', {
    schema: {
      tags: ['wellbeing'],
      summary: "A wellbeing check-in (ProQOL 5, Copenhagen Burnout Inventory, weekly pulse), scored as published; the caller's own, seen by nobody else",
      body: z.object({ instrument: z.enum(WELLBEING_INSTRUMENTS), answers: z.record(z.string().max(3), z.number()) }),
      response: { 201: checkInView, ...commonErrors },
    },
    handler: async (req, reply) => reply.status(201).send(await wellbeing.checkIn(userOf(req), req.body)),
  });
  app.get('/api/v1/wellbeing/check-ins', {
    schema: { tags: ['wellbeing'], summary: "The caller's own check-ins (never anyone else's, whatever the role), what they share, and their summary band", response: { 200: z.object({ items: z.array(checkInView), sharing, band: z.enum(['low', 'moderate', 'high']).nullable() }), ...commonErrors } },
    handler: async (req) => wellbeing.listOwn(userOf(req)),
  });
  app.put('/api/v1/wellbeing/sharing', {
    schema: { tags: ['wellbeing'], summary: 'Share a summary band with supervisors, or ask for a check-in; set both false to take it back', body: sharing, response: { 200: sharing, ...commonErrors } },
    handler: async (req) => wellbeing.setSharing(userOf(req), req.body),
  });
  app.get('/api/v1/wellbeing/shared', {
    schema: { tags: ['wellbeing'], summary: 'What peers chose to share with supervisors: a band and/or a request for a check-in (never answers or scores)', response: { 200: z.object({ items: z.array(z.object({ userId: z.uuid(), name: z.string(), band: z.enum(['low', 'moderate', 'high']).nullable(), askCheckin: z.boolean(), since: z.string() })) }), ...commonErrors } },
    handler: async (req) => wellbeing.shared(userOf(req)),
  });
  app.get('/api/v1/wellbeing/team', {
    schema: {
      tags: ['wellbeing'],
      summary: 'Team wellbeing of the last 90 days: only when at least 11 people contributed (small cells hidden); never a person',
      response: {
        200: z.object({
          contributors: shown,
          suppressed: z.boolean(),
          suppression: z.object({ k: z.number(), rounded: z.boolean(), ruleVersion: z.string() }),
          scales: z.array(z.object({ scale: z.string(), contributors: shown, mean: z.number().nullable(), bands: z.object({ low: shown, moderate: shown, high: shown }) })),
        }),
        ...commonErrors,
      },
    },
    handler: async (req) => wellbeing.team(userOf(req)),
  });
};
