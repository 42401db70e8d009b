import { z } from 'zod';
import { pageOf, pageQuery } from '../../core/paging.ts';
import { userOf } from '../../http/auth.ts';
import { commonErrors, idParam, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { billingSettings, claimExportInput, claimExportView, claimPreviewQuery, claimPreviewView, coverageChange, coverageInput, coveragePatch, coverageView, payerInput, payerPatch, payerView } from './billing.schemas.ts';
import { langOf } from './billing.service.ts';

const lang = (req: { headers: Record<string, string | string[] | undefined> }) => langOf(req.headers['accept-language'] as string | undefined);

export const registerBillingRoutes = (app: App, { billing }: Services) => {
  app.post('/api/v1/payers', {
    schema: { tags: ['billing'], summary: 'Add a payer and its billing rules (admins)', body: payerInput, response: { 201: payerView, ...commonErrors } },
    handler: async (req, reply) => reply.status(201).send(await billing.createPayer(userOf(req), req.body)),
  });
  app.get('/api/v1/payers', {
    schema: { tags: ['billing'], summary: 'List payers', querystring: pageQuery, response: { 200: pageOf(payerView), ...commonErrors } },
    handler: async (req) => billing.listPayers(userOf(req), req.query),
  });
  app.get('/api/v1/payers/:id', {
    schema: { tags: ['billing'], summary: 'One payer', params: idParam, response: { 200: payerView, ...commonErrors } },
    handler: async (req) => billing.getPayer(userOf(req), req.params.id),
  });
  app.patch('/api/v1/payers/:id', {
    schema: { tags: ['billing'], summary: 'Change a payer (admins)', params: idParam, body: payerPatch, response: { 200: payerView, ...commonErrors } },
    handler: async (req) => billing.updatePayer(userOf(req), req.params.id, req.body),
  });

  app.post('/api/v1/participants/:id/coverages', {
    schema: { tags: ['billing'], summary: "Record a participant's coverage (audited)", params: idParam, body: coverageInput, response: { 201: coverageChange, ...commonErrors } },
    handler: async (req, reply) => reply.status(201).send(await billing.addCoverage(userOf(req), req.params.id, req.body)),
  });
  app.get('/api/v1/participants/:id/coverages', {
    schema: { tags: ['billing'], summary: "A participant's coverages (audited)", params: idParam, response: { 200: z.object({ items: z.array(coverageView) }), ...commonErrors } },
    handler: async (req) => ({ items: await billing.listCoverages(userOf(req), req.params.id) }),
  });

  app.patch('/api/v1/participants/:id/coverages/:coverageId', {
    schema: {
      tags: ['billing'],
      summary: 'End or correct a coverage (audited); its payer stays',
      params: z.object({ id: z.uuid(), coverageId: z.uuid() }),
      body: coveragePatch,
      response: { 200: coverageChange, ...commonErrors },
    },
    handler: async (req) => billing.updateCoverage(userOf(req), req.params.id, req.params.coverageId, req.body),
  });
  app.get('/api/v1/billing/settings', {
    schema: { tags: ['billing'], summary: 'Funding order, billing provider, submitter and default diagnosis', response: { 200: billingSettings, ...commonErrors } },
    handler: async (req) => billing.getSettings(userOf(req)),
  });
  app.put('/api/v1/billing/settings', {
    schema: { tags: ['billing'], summary: 'Change billing settings (admins)', body: billingSettings, response: { 200: billingSettings, ...commonErrors } },
    handler: async (req) => billing.putSettings(userOf(req), req.body),
  });

  app.get('/api/v1/billing/preview', {
    schema: {
      tags: ['claims'],
      summary: 'What an export of a payer and period would bill now, by participant and peer, and what it would leave out; exports nothing (admins; audited)',
      querystring: claimPreviewQuery,
      response: { 200: claimPreviewView, ...commonErrors },
    },
    handler: async (req) => billing.previewClaims(userOf(req), req.query, lang(req)),
  });
  app.post('/api/v1/claims/exports', {
    schema: {
      tags: ['claims'],
      summary: 'Export the billable lines of a payer and date range as 837P or CSV; lists what was excluded and why (admins)',
      body: claimExportInput,
      response: { 201: claimExportView, ...commonErrors },
    },
    handler: async (req, reply) => reply.status(201).send((await billing.exportClaims(userOf(req), req.body, lang(req))).view),
  });
  app.get('/api/v1/claims/exports', {
    schema: { tags: ['claims'], summary: 'Past claim exports, newest first (admins)', querystring: pageQuery, response: { 200: pageOf(claimExportView), ...commonErrors } },
    handler: async (req) => billing.listExports(userOf(req), req.query),
  });
  app.get('/api/v1/claims/exports/:id', {
    schema: { tags: ['claims'], summary: 'One claim export with its exclusions (admins)', params: idParam, response: { 200: claimExportView, ...commonErrors } },
    handler: async (req) => billing.getExport(userOf(req), req.params.id, lang(req)),
  });
  app.get('/api/v1/claims/exports/:id/file', {
    schema: {
      tags: ['claims'],
      summary: 'The exported file (X12 837P or CSV; audited)',
      params: idParam,
      response: {
        200: {
          description: 'The file as exported: X12 837P (application/edi-x12) or CSV (text/csv)',
          content: { 'application/edi-x12': { schema: z.string() }, 'text/csv': { schema: z.string() } },
        },
        ...commonErrors,
      },
    },
    handler: async (req, reply) => {
      const file = await billing.exportFile(userOf(req), req.params.id);
      return reply
        .type(file.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/edi-x12')
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.content);
    },
  });
};
