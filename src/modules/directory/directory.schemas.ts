import { z } from 'zod';
import { roundCoordinate } from '../../interop/hsds/normalize.ts';

// Contracts of the directory endpoints (staff API under /api/v1/directory; the public HSDS API
// under /api/hsds answers HSDS 3.0 objects, validated against the official schemas in tests).

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const searchQuery = z
  .object({
    q: z.string().trim().max(200).optional(),
    lat: z.coerce.number().min(-90).max(90).transform(roundCoordinate).optional(),
    lon: z.coerce.number().min(-180).max(180).transform(roundCoordinate).optional(),
    radiusKm: z.coerce.number().positive().max(500).optional(),
    postalCode: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$/, 'A postal code such as 60607')
      .optional()
      .describe("Search around this postal code: a US ZIP code's Census centroid (any US ZIP code), else the centre of the directory addresses that have it (no geocoding service); radiusKm defaults to 10"),
    openNow: booleanQuery.optional(),
    language: z.string().trim().max(100).optional().describe('Language code or name; several separated by commas (any of them)'),
    taxonomy: z.string().trim().max(100).optional().describe('A taxonomy term id, or a Peerbridge category code (crisis-line, warmline, peer-respite, shelter, food, detox, moud, ...)'),
    free: booleanQuery.optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .refine((v) => (v.lat === undefined) === (v.lon === undefined), { message: 'Give both lat and lon, or neither', path: ['lat'] })
  .refine((v) => v.radiusKm === undefined || v.lat !== undefined || v.postalCode !== undefined, { message: 'radiusKm needs lat and lon, or a postal code', path: ['radiusKm'] })
  .refine((v) => v.postalCode === undefined || v.lat === undefined, { message: 'Give a postal code or lat and lon, not both', path: ['postalCode'] });
export type SearchQuery = z.infer<typeof searchQuery>;

export const bedsView = z
  .object({ available: z.number().int(), total: z.number().int().nullable(), note: z.string().nullable(), updatedAt: z.string() })
  .meta({ id: 'DirectoryBeds' });

export const searchResult = z
  .object({
    serviceId: z.uuid(),
    locationId: z.uuid().nullable(),
    name: z.string(),
    organizationName: z.string().nullable(),
    distanceKm: z.number().nullable(),
    openNow: z.boolean().nullable().describe('null when the entry has no schedule'),
    stale: z.boolean().describe('not verified in the last 12 months'),
    lastVerified: z.string().nullable(),
    phone: z.string().nullable(),
    languages: z.array(z.string()),
    eligibility: z.string().nullable(),
    categories: z.array(z.string()),
    free: z.boolean(),
    address: z.string().nullable(),
    timeZone: z.string(),
    local: z.boolean().describe("one of your organization's own resources"),
    beds: bedsView.nullable(),
  })
  .meta({ id: 'DirectorySearchResult' });

export const searchResponse = z
  .object({
    total: z.number().int(),
    results: z.array(searchResult),
    center: z
      .object({
        postalCode: z.string(),
        lat: z.number(),
        lon: z.number(),
        radiusKm: z.number(),
        source: z.enum(['zip-centroid', 'directory']).describe("zip-centroid: the ZIP code's Census centroid; directory: the centre of the directory addresses with that postal code"),
      })
      .optional()
      .describe('With postalCode: the point searched around'),
    similarSpellings: z
      .literal(true)
      .optional()
      .describe('Present when no entry has the words of q as typed, so the results are entries whose names are spelled like them'),
  })
  .meta({ id: 'DirectorySearch' });

export const noteView = z.object({ body: z.string(), updatedAt: z.string() }).meta({ id: 'DirectoryNote' });

export const serviceDetail = z
  .object({
    serviceId: z.uuid(),
    name: z.string(),
    alternateName: z.string().nullable(),
    description: z.string().nullable(),
    organization: z.object({ id: z.string().nullable(), name: z.string().nullable(), website: z.string().nullable() }),
    url: z.string().nullable(),
    email: z.string().nullable(),
    status: z.string(),
    categories: z.array(z.string()),
    phones: z.array(z.object({ number: z.string(), extension: z.number().nullable(), type: z.string().nullable(), description: z.string().nullable() })),
    locations: z.array(
      z.object({
        id: z.string().nullable(),
        name: z.string().nullable(),
        address: z.string().nullable(),
        lat: z.number().nullable(),
        lon: z.number().nullable(),
        timeZone: z.string(),
        openNow: z.boolean().nullable(),
      }),
    ),
    schedules: z.array(z.record(z.string(), z.unknown())),
    languages: z.array(z.string()),
    eligibility: z.string().nullable(),
    fees: z.string().nullable(),
    free: z.boolean(),
    applicationProcess: z.string().nullable(),
    lastVerified: z.string().nullable(),
    stale: z.boolean(),
    openNow: z.boolean().nullable(),
    beds: bedsView.nullable(),
    note: noteView.nullable(),
    local: z.boolean(),
    hsdsUrl: z.string().nullable(),
  })
  .meta({ id: 'DirectoryService' });

const scheduleInput = z.object({
  byday: z.string().regex(/^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$/, 'Days like MO,TU,WE').optional(),
  opens_at: z.string().regex(/^\d{2}:\d{2}(:\d{2})?$/, 'HH:MM'),
  closes_at: z.string().regex(/^\d{2}:\d{2}(:\d{2})?$/, 'HH:MM'),
  description: z.string().max(500).optional(),
});

export const localServiceInput = z
  .object({
    name: z.string().trim().min(1).max(300),
    organizationName: z.string().trim().max(300).optional(),
    description: z.string().max(4000).optional(),
    categories: z.array(z.string().trim().min(1).max(60)).max(10).default([]),
    phone: z.string().trim().max(60).optional(),
    email: z.email().optional(),
    url: z.url().optional(),
    address: z.string().trim().max(500).optional(),
    postalCode: z.string().trim().max(20).optional(),
    lat: z.number().min(-90).max(90).transform(roundCoordinate).optional(),
    lon: z.number().min(-180).max(180).transform(roundCoordinate).optional(),
    timeZone: z.string().max(64).optional().describe("IANA time zone; the organization's when absent"),
    languages: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
    eligibility: z.string().max(2000).optional(),
    free: z.boolean().default(false),
    schedules: z.array(scheduleInput).max(30).default([]),
  })
  .refine((v) => (v.lat === undefined) === (v.lon === undefined), { message: 'Give both lat and lon, or neither', path: ['lat'] });
export type LocalServiceInput = z.infer<typeof localServiceInput>;

export const noteInput = z.object({ body: z.string().trim().min(1).max(4000) });

export const bedsInput = z
  .object({ available: z.number().int().min(0).max(10_000), total: z.number().int().min(0).max(10_000).optional(), note: z.string().max(500).optional() })
  .refine((v) => v.total === undefined || v.available <= v.total, { message: 'available cannot exceed total', path: ['available'] })
  ;

const noteScalar = z.union([z.string(), z.number()]);
const plainNote = z.object({ code: z.string(), values: z.record(z.string(), noteScalar).optional() });
/** A row problem as a code and its values (src/interop/hsds/report-notes.ts): two levels at most. */
const reportNote = z
  .object({ code: z.string(), values: z.record(z.string(), z.union([noteScalar, plainNote, z.array(plainNote)])).optional() })
  .describe('the problem as a code and the values it names, for saying it in another language (the web app\'s directory.importNotes); the values of an outcome (rowSkipped, dropped, ...) name the notes of why');

export const reportRow = z.object({
  file: z.string().describe('the file as the package names it (an archive member as archive.zip:path)'),
  row: z.number().int(),
  line: z.number().int().optional().describe('the line of the file where the row starts (CSV; the header is line 1)'),
  field: z.string(),
  problem: z.string().describe('the problem in English'),
  note: reportNote.optional(),
  severity: z.enum(['error', 'warning']),
});

export const importSummary = z
  .object({
    importId: z.uuid(),
    source: z.string(),
    format: z.string(),
    counts: z.record(z.string(), z.object({ inserted: z.number(), updated: z.number(), unchanged: z.number(), removed: z.number() })),
    errors: z.number().int(),
    warnings: z.number().int(),
    servicesIndexed: z.number().int(),
    timings: z.object({ readMs: z.number(), writeMs: z.number(), indexMs: z.number() }).describe('read and normalize, write the HSDS tables, rebuild the search index'),
    report: z.array(reportRow),
    sourceUnchanged: z
      .boolean()
      .optional()
      .describe('true when the files and options were those of the latest import: nothing was read or written again, and the report is that import\'s'),
  })
  .meta({ id: 'DirectoryImport' });
export type ImportSummary = z.infer<typeof importSummary>;

/** One run of the import history (issue 19). */
export const importRun = z
  .object({
    id: z.uuid(),
    source: z.string(),
    format: z.string(),
    startedAt: z.string(),
    finishedAt: z.string(),
    counts: importSummary.shape.counts,
    errors: z.number().int(),
    warnings: z.number().int(),
    ranFrom: z.enum(['cli', 'web']).describe('cli: the command line (as the system); web: an operator on the import page'),
    reportKept: z.boolean().describe('whether the row report is kept: the latest run of each source keeps it'),
  })
  .meta({ id: 'DirectoryImportRun' });
export type ImportRun = z.infer<typeof importRun>;
export const importRunDetail = importRun
  .extend({ report: z.array(reportRow).nullable().describe('the row report, when kept (the latest run of its source)') })
  .meta({ id: 'DirectoryImportRunDetail' });
export type ImportRunDetail = z.infer<typeof importRunDetail>;
export const importRunsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(30) });

/**
 * The largest import body the API takes (50 MiB): the package's files travel as JSON text and are
 * held in memory while read. Bigger packages (a 211 export of 100,000 services is about 105 MB)
 * go through the CLI, `peerbridge directory import`, which reads them from disk; the web page
 * says so before sending (IMPORT_LIMIT_BYTES in DirectoryImportPage.tsx).
 */
export const IMPORT_BODY_LIMIT_BYTES = 50 * 1024 * 1024;

export const importQuery = z.object({
  strict: booleanQuery.optional(),
  source: z.string().trim().min(1).max(100).regex(/^[\w.-]+$/, 'letters, digits, . _ -').optional(),
});

const taxonomyCode = z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, 'a taxonomy code such as BD-1800 or BD-1800.2000');
export const categoryMappingInput = z.object({
  code: taxonomyCode,
  category: z.string().trim().min(1).max(40).regex(/^[a-z0-9-]+$/, 'a Peerbridge category such as food or shelter'),
  note: z.string().trim().max(200).optional(),
});
export const categoryMapping = z
  .object({ code: z.string(), category: z.string(), note: z.string().nullable(), builtin: z.boolean() })
  .meta({ id: 'DirectoryCategoryMapping' });

export const categoryCodeParam = z.object({ code: taxonomyCode });
/** What removing an added mapping did (DELETE /directory/category-map/{code}). */
export const categoryMappingRemoved = z
  .object({
    code: z.string(),
    category: z.string().describe('The need the code counted as'),
    servicesIndexed: z.number().int().describe('Services re-indexed without the mapping'),
  })
  .meta({ id: 'DirectoryCategoryMappingRemoved' });

/** A feed code of imported services that maps to no category (GET /directory/category-map/unmapped). */
export const unmappedCode = z
  .object({
    code: z.string().describe('The code as the feed gives it, upper-cased'),
    name: z.string().describe("The feed's name for the code"),
    services: z.number().int().describe('Imported services filed under it'),
  })
  .meta({ id: 'DirectoryUnmappedCode' });

/** An operator's words for a category's need (0054): the whole list, as search reads it. */
export const categoryWordsInput = z.object({
  category: z.string().trim().min(1).max(40).regex(/^[a-z0-9-]+$/, 'a Peerbridge category such as food or shelter'),
  words: z
    .string()
    .trim()
    .min(1, 'Give at least one word')
    .max(2000)
    // Words only: letters (any script), digits, apostrophes, hyphens and spaces.
    .regex(/^[\p{L}\p{M}\p{N}'’\s-]+$/u, 'words separated by spaces, such as "food comida manje"'),
});
export const categoryWords = z
  .object({
    category: z.string(),
    words: z.string(),
    builtin: z.boolean().describe('The words are the ones Peerbridge ships'),
    shippedWords: z.string().nullable().describe('The words Peerbridge ships for the need, which an operator can put back'),
  })
  .meta({ id: 'DirectoryCategoryWords' });
export const categoryParam = z.object({ category: categoryWordsInput.shape.category });

/** A page of an HSDS API list (the HSDS 3.0 API reference's Page; directory.rules `hsdsPage` builds one). */
export const hsdsPageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    total_items: z.number().int(),
    total_pages: z.number().int(),
    page_number: z.number().int(),
    size: z.number().int(),
    first_page: z.boolean(),
    last_page: z.boolean(),
    empty: z.boolean(),
    contents: z.array(item),
  });
