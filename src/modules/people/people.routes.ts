import { z } from 'zod';
import { notFound } from '../../core/errors.ts';
import { pageOf, pageQuery } from '../../core/paging.ts';
import { userOf } from '../../http/auth.ts';
import { commonErrors, idParam, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { assignmentEnd, assignmentInput, assignmentView, participantInput, participantPatch, participantView, peerInput, peerPatch, peerView } from './people.schemas.ts';

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const registerPeopleRoutes = (app: App, { people, matching }: Services) => {
  app.post('/api/v1/peers', {
    schema: { tags: ['peers'], summary: 'Create a peer profile', body: peerInput, response: { 201: peerView, ...commonErrors } },
    handler: async (req, reply) => reply.status(201).send(await people.createPeer(userOf(req), req.body)),
  });
  app.get('/api/v1/peers', {
    schema: {
      tags: ['peers'],
      summary: 'List peer profiles (private disclosures are shown only to the peer and admins)',
      querystring: pageQuery.extend({ q: z.string().trim().max(200).optional(), active: booleanQuery.optional() }),
      response: { 200: pageOf(peerView), ...commonErrors },
    },
    handler: async (req) => people.listPeers(userOf(req), { q: req.query.q || undefined, active: req.query.active }, req.query),
  });
  app.get('/api/v1/peers/me', {
    schema: { tags: ['peers'], summary: "The signed-in user's own peer profile", response: { 200: peerView, ...commonErrors } },
    handler: async (req) => {
      const mine = await people.myPeerProfile(userOf(req));
      if (!mine) throw notFound('Peer profile');
      return mine;
    },
  });
  app.get('/api/v1/peers/:id', {
    schema: { tags: ['peers'], summary: 'One peer profile', params: idParam, response: { 200: peerView, ...commonErrors } },
    handler: async (req) => people.getPeer(userOf(req), req.params.id),
  });
  app.patch('/api/v1/peers/:id', {
    schema: {
      tags: ['peers'],
      summary: 'Change a peer profile (disclosures: only the peer or an admin)',
      params: idParam,
      body: peerPatch,
      response: { 200: peerView, ...commonErrors },
    },
    handler: async (req) => people.updatePeer(userOf(req), req.params.id, req.body),
  });

  app.post('/api/v1/participants', {
    schema: { tags: ['participants'], summary: 'Intake: create a participant (joins the waitlist)', body: participantInput, response: { 201: participantView, ...commonErrors } },
    handler: async (req, reply) => reply.status(201).send(await people.createParticipant(userOf(req), req.body)),
  });
  app.get('/api/v1/participants', {
    schema: {
      tags: ['participants'],
      summary: 'List participants you may see (audited)',
      querystring: pageQuery.extend({
        q: z.string().trim().max(200).optional(),
        status: z.enum(['waitlisted', 'active', 'inactive']).optional(),
        peerId: z.uuid().optional(),
      }),
      response: { 200: pageOf(participantView), ...commonErrors },
    },
    handler: async (req) => {
      const { q, status, peerId } = req.query;
      return people.listParticipants(userOf(req), { q: q || undefined, status, peerId }, req.query);
    },
  });
  app.get('/api/v1/participants/:id', {
    schema: { tags: ['participants'], summary: 'One participant (audited)', params: idParam, response: { 200: participantView, ...commonErrors } },
    handler: async (req) => people.getParticipant(userOf(req), req.params.id),
  });
  app.patch('/api/v1/participants/:id', {
    schema: { tags: ['participants'], summary: 'Change a participant (audited)', params: idParam, body: participantPatch, response: { 200: participantView, ...commonErrors } },
    handler: async (req) => people.updateParticipant(userOf(req), req.params.id, req.body),
  });

  app.post('/api/v1/participants/:id/assignments', {
    schema: {
      tags: ['assignments'],
      summary: "Assign a peer, with the participant's consent (409 when the peer is full)",
      params: idParam,
      body: assignmentInput,
      response: { 201: assignmentView, ...commonErrors },
    },
    // Through matching, so the assignment keeps the score and reasons of the pair at that moment.
    handler: async (req, reply) => reply.status(201).send(await matching.assign(userOf(req), req.params.id, req.body)),
  });
  app.get('/api/v1/participants/:id/assignments', {
    schema: { tags: ['assignments'], summary: "A participant's assignments, newest first", params: idParam, response: { 200: z.object({ items: z.array(assignmentView) }), ...commonErrors } },
    handler: async (req) => ({ items: await people.listAssignments(userOf(req), req.params.id) }),
  });
  app.post('/api/v1/assignments/:id/end', {
    schema: {
      tags: ['assignments'],
      summary: 'End an assignment without blame (frees capacity; that peer is not proposed again)',
      params: idParam,
      body: assignmentEnd,
      response: { 200: assignmentView, ...commonErrors },
    },
    handler: async (req) => people.endAssignment(userOf(req), req.params.id, req.body),
  });
};
