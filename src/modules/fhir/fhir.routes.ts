import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userOf } from '../../http/auth.ts';
import { commonErrors, idParam, langOf, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { instrumentParam } from '../outcomes/outcomes.schemas.ts';

export const FHIR_JSON = 'application/fhir+json';

/** What the OpenAPI document says of a FHIR answer: the resource's type; the rest is FHIR R4 (docs/fhir.md). */
const resource = (type: string, description: string) => ({
  description,
  content: { [FHIR_JSON]: { schema: z.looseObject({ resourceType: z.literal(type) }) } },
});

const importInput = z.looseObject({
  resourceType: z.enum(['Patient', 'Bundle']).describe('A FHIR R4 Patient, or a Bundle with one Patient and any Consents about them'),
});

const importView = z
  .object({
    participantId: z.uuid(),
    matched: z.boolean().describe('true: an existing participant the caller may see was matched (docs/fhir.md, "Import"); false: created'),
    consentIds: z.array(z.uuid()).describe('The Consents stored, in the order sent'),
  })
  .meta({ id: 'FhirImportResult' });

/** A FHIR resource as sent: its JSON as text, so the OpenAPI schema (the type only) does not reshape it. */
const sendFhir = <R extends { type(t: string): R; send(body: never): R }>(reply: R, body: object): R => reply.type(FHIR_JSON).send(JSON.stringify(body) as never);

export const registerFhirRoutes = (app: App, { fhir }: Services) => {
  app.get('/api/v1/participants/:id/$everything', {
    schema: {
      tags: ['fhir'],
      summary: "A participant's whole record as a FHIR R4 collection Bundle (application/fhir+json); Part 2 records only as 42 CFR Part 2 allows (audited)",
      params: idParam,
      response: { 200: resource('Bundle', 'A FHIR R4 Bundle of type collection'), ...commonErrors },
    },
    handler: async (req, reply) => sendFhir(reply, await fhir.everything(userOf(req), req.params.id)),
  });

  app.get('/api/v1/participants/:id/record.pdf', {
    schema: {
      tags: ['fhir'],
      summary: "A participant's record as a printable PDF in plain words, in the person's language unless ?lang= (the same records and Part 2 rules as $everything; audited)",
      params: idParam,
      querystring: z.object({ lang: z.enum(['en', 'es']).optional() }),
      response: { 200: { description: 'The record as a PDF (application/pdf)', content: { 'application/pdf': { schema: z.string().describe('binary') } } }, ...commonErrors },
    },
    handler: async (req, reply) => {
      const { pdf, fileName } = await fhir.recordPdf(userOf(req), req.params.id, req.query.lang);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${fileName}"`).send(pdf as never);
    },
  });

  app.get('/api/v1/participants/:id/assessments/:assessmentId/fhir', {
    schema: {
      tags: ['fhir'],
      summary: 'One assessment as a FHIR R4 QuestionnaireResponse with its scores as Observations, in a collection Bundle (audited)',
      params: idParam.extend({ assessmentId: z.uuid() }),
      response: { 200: resource('Bundle', 'A FHIR R4 Bundle of type collection'), ...commonErrors },
    },
    handler: async (req, reply) => sendFhir(reply, await fhir.assessment(userOf(req), req.params.id, req.params.assessmentId)),
  });

  app.get('/api/v1/instruments/:code/fhir', {
    schema: {
      tags: ['fhir'],
      summary: 'An instrument version as a FHIR R4 Questionnaire (the newest unless ?version=; ?lang=es for Spanish text where it exists)',
      params: instrumentParam,
      querystring: z.object({ version: z.string().min(1).max(40).optional(), lang: z.enum(['en', 'es']).optional() }),
      response: { 200: resource('Questionnaire', 'A FHIR R4 Questionnaire'), ...commonErrors },
    },
    handler: async (req, reply) =>
      sendFhir(reply, await fhir.questionnaire(userOf(req), req.params.code, req.query.version, langOf(req))),
  });

  // FHIR clients send application/fhir+json: read it as JSON, for this route only.
  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser(FHIR_JSON, { parseAs: 'string' }, scope.getDefaultJsonParser('error', 'error'));
    scope.post('/api/v1/fhir/Patient', {
      schema: {
        tags: ['fhir'],
        summary: 'Intake from an EHR: a FHIR R4 Patient (or a Bundle with a Patient and Consents) creates a participant or matches one the caller may see; malformed FHIR is a 400 naming the element, nothing stored (audited)',
        body: importInput,
        response: { 200: importView, 201: importView, ...commonErrors },
      },
      handler: async (req, reply) => {
        const result = await fhir.importPatient(userOf(req), req.body);
        return reply.status(result.matched ? 200 : 201).header('location', `/api/v1/participants/${result.participantId}`).send(result);
      },
    });
  });
};
