import { z } from 'zod';
import { userOf } from '../../http/auth.ts';
import { commonErrors, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { ceInput, ceView, credentialInput, credentialParams, credentialUpdate, credentialView, fileParam, peerParam, progressQuery, progressView, ruleSetInput, ruleSetView } from './workforce.schemas.ts';

export const registerCredentialRoutes = (app: App, { credentials }: Services) => {
  app.get('/api/v1/credential-types', {
    schema: { tags: ['workforce'], summary: 'Credential types with their rule sets (built-in and the organization\'s own), each rule citing its source and the date checked', response: { 200: z.object({ items: z.array(ruleSetView) }), ...commonErrors } },
    handler: async (req) => credentials.listTypes(userOf(req)),
  });
  app.post('/api/v1/credential-types', {
    schema: { tags: ['workforce'], summary: "Publish a version of the organization's own credential rule set (admins; a published version never changes)", body: ruleSetInput, response: { 201: ruleSetView, ...commonErrors } },
    handler: async (req, reply) => reply.status(201).send(await credentials.createType(userOf(req), req.body)),
  });

  app.get('/api/v1/peers/:id/credentials', {
    schema: { tags: ['workforce'], summary: "A peer's credentials with their status today by the rule set (active, grace, lapsed, inactive), verification and evidence (audited)", params: peerParam, response: { 200: z.object({ items: z.array(credentialView) }), ...commonErrors } },
    handler: async (req) => credentials.listCredentials(userOf(req), req.params.id),
  });
  app.post('/api/v1/peers/:id/credentials', {
    schema: {
      tags: ['workforce'],
      summary: 'Record a credential (number unique per organization; evidence files PDF or image, 2 MB each, checked by content; audited)',
      params: peerParam,
      body: credentialInput,
      response: { 201: credentialView, ...commonErrors },
    },
    handler: async (req, reply) => reply.status(201).send(await credentials.createCredential(userOf(req), req.params.id, req.body)),
  });

  // PATCH only: the fields given change (a PUT beside it would answer 405 for paths that normalize onto /peers/{id}).
  app.patch('/api/v1/peers/:id/credentials/:credentialId', {
    schema: {
      tags: ['workforce'],
      summary: 'Renew or update a credential: renew for the next cycle by the rule set or with new dates, number, status, verification, evidence (validated; audited with what changed)',
      params: credentialParams,
      body: credentialUpdate,
      response: { 200: credentialView, ...commonErrors },
    },
    handler: async (req) => credentials.updateCredential(userOf(req), req.params.id, req.params.credentialId, req.body),
  });
  app.get('/api/v1/peers/:id/ce', {
    schema: { tags: ['workforce'], summary: "A peer's continuing education, with how each course counts toward each credential (audited)", params: peerParam, response: { 200: z.object({ items: z.array(ceView) }), ...commonErrors } },
    handler: async (req) => credentials.listCe(userOf(req), req.params.id),
  });
  app.post('/api/v1/peers/:id/ce', {
    schema: {
      tags: ['workforce'],
      summary: 'Record a course (hours 0-24 a day, a date inside a credential cycle, known topics, certificate PDF or image up to 2 MB; audited)',
      params: peerParam,
      body: ceInput,
      response: { 201: ceView, ...commonErrors },
    },
    handler: async (req, reply) => reply.status(201).send(await credentials.createCe(userOf(req), req.params.id, req.body)),
  });
  app.get('/api/v1/peers/:id/ce/progress', {
    schema: {
      tags: ['workforce'],
      summary: 'CE progress of every credential cycle on a day: hours done and required per topic, what counts, days left (audited)',
      params: peerParam,
      querystring: progressQuery,
      response: { 200: progressView, ...commonErrors },
    },
    handler: async (req) => credentials.progress(userOf(req), req.params.id, req.query.on),
  });

  app.get('/api/v1/workforce-files/:id', {
    schema: { tags: ['workforce'], summary: 'An evidence file or CE certificate (the peer, supervisors and admins; audited)', params: fileParam, response: { 200: z.any().describe('The file'), ...commonErrors } },
    handler: async (req, reply) => {
      const f = await credentials.getFile(userOf(req), req.params.id);
      return reply
        .type(f.mediaType)
        .header('content-disposition', `attachment; filename="${f.name.replace(/[^\w.-]+/g, '_')}"`)
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(f.content) as never);
    },
  });
};
