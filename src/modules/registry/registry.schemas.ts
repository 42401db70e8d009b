import { z } from 'zod';
import { hsdsPageOf } from '../directory/directory.schemas.ts';
import { ROLES, WAGE_BANDS } from './snapshot.rules.ts';

const fips = z.string().regex(/^\d{5}$/, 'A 5-digit county FIPS code');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
const isoDate = z.string().max(20);

export const registryParam = z.object({ id: z.uuid() });
export const createRegistryInput = z.object({ name: z.string().trim().min(1).max(200) });
export const joinInput = z.object({ acceptSharedFields: z.boolean(), organizationName: z.string().trim().min(1).max(200) });

/** Shapes only: plausibility (county, wage, dates, duplicates) is checked record by record and reported. */
const submittedRecord = z
  .object({
    linkage: z
      .object({
        credentialNumber: z.string().trim().max(60).optional(),
        credentialState: z.string().trim().max(2).optional(),
        name: z.string().trim().max(200).optional(),
        birthYear: z.number().int().min(1900).max(2100).optional(),
      })
      .strict(),
    credentialTypes: z.array(z.string().trim().min(1).max(60)).max(10).optional(),
    certifiedOn: isoDate.nullable().optional(),
    workFips: z.string().max(10).nullable().optional(),
    residenceFips: z.string().max(10).nullable().optional(),
    role: z.string().max(40),
    hoursPerWeek: z.number(),
    hourlyWage: z.number().nullable().optional(),
    wageBand: z.string().max(20).nullable().optional().describe('under-15, 15-18, 18-21, 21-25 or 25-plus, when only the band is kept (ignored with hourlyWage)'),
    benefits: z.boolean().nullable().optional(),
    jobStart: isoDate.nullable().optional(),
    jobEnd: isoDate.nullable().optional(),
    specialties: z.array(z.string().max(60)).max(20).optional(),
    languages: z.array(z.string().max(20)).max(20).optional(),
    raceEthnicity: z.array(z.string().max(100)).max(10).nullable().optional(),
    livedExperience: z.array(z.string().max(60)).max(20).nullable().optional(),
  })
  // No field for a name beyond the linkage (hashed, never stored), a contact or free text.
  .strict();

export const snapshotInput = z.object({
  month,
  records: z.array(submittedRecord).max(50_000),
  aggregates: z
    .array(
      z.object({
        kind: z.enum(['served-race', 'served-language', 'unmet-wish']),
        countyFips: z.string().max(10),
        category: z.string().trim().min(1).max(80),
        people: z.number().int().min(0),
        peersAvailable: z.number().int().min(0).nullable().optional(),
      }),
    )
    .max(20_000)
    .optional(),
});

export const fileUpload = z.object({
  fileName: z.string().trim().min(1).max(200),
  content: z.string().max(60 * 1024 * 1024).optional(),
  contentBase64: z.string().max(80 * 1024 * 1024).optional(),
});
export const csvSnapshotInput = fileUpload.extend({ month });
export const acsUpload = fileUpload.extend({ table: z.enum(['B03002', 'C16001']).optional(), year: z.number().int().min(2009).max(2100).optional() });

const rowProblem = z.object({ line: z.number().int(), column: z.string().optional(), severity: z.enum(['error', 'warning']), message: z.string() });
export const snapshotResult = z.object({
  snapshotId: z.string(),
  month: z.string(),
  version: z.number().int(),
  unchanged: z.boolean(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  problems: z.array(rowProblem),
});
export const importResult = z.object({ file: z.string(), imported: z.number().int(), problems: z.array(rowProblem) }).catchall(z.unknown());

const cell = z.object({ shown: z.union([z.number(), z.string(), z.null()]), suppressed: z.boolean() });
export const suppressionBlock = z.object({ k: z.number().int(), rounded: z.boolean(), ruleVersion: z.string() });

const regionSetName = z.string().trim().min(1).max(100).regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, 'Letters, digits, spaces, dots, dashes');
export const headcountQuery = z.object({
  by: z.enum(['county', 'region', 'state', 'credential', 'role']).default('county'),
  regions: regionSetName.optional().describe('with by=region: the region set (census-division by default, census-region, or one the registry defined)'),
  month: month.optional(),
  format: z.enum(['json', 'csv']).optional().describe('`csv`: the same table as CSV (or send Accept: text/csv)'),
});
/** Every analytics answer is also CSV: format=csv, or Accept: text/csv. */
const figureFormat = z.enum(['json', 'csv']).optional().describe('`csv`: the same suppressed figures as CSV (or send Accept: text/csv)');

export const regionSetQuery = z.object({ set: regionSetName });
export const regionSetInput = z.object({
  set: regionSetName.describe('the name of the set, e.g. "Michigan PIHP"'),
  regions: z
    .array(z.object({ name: z.string().trim().min(1).max(100), counties: z.array(z.string().max(10)).min(1).max(3300) }))
    .min(1)
    .max(500),
});
export const regionSetsView = z.object({
  sets: z.array(
    z.object({
      set: z.string(),
      builtIn: z.boolean(),
      regions: z.array(z.object({ name: z.string(), label: z.string(), counties: z.array(z.string()) })),
    }),
  ),
});
const headcountGroups = z.object({
  groups: z.array(z.object({ group: z.string(), label: z.string(), headcount: cell, fte: z.number().nullable() })),
  total: z.object({ headcount: cell, fte: z.number().nullable() }).nullable(),
});
export const headcountView = headcountGroups.extend({
  suppression: suppressionBlock,
  registryName: z.string(),
  month: z.string().nullable(),
  by: z.string(),
  regionSet: z.string().nullable(),
  member: headcountGroups.nullable(),
});
export const trendView = z.object({
  suppression: suppressionBlock,
  month: z.string().nullable(),
  trend: z.array(z.object({ month: z.string(), headcount: cell, fte: z.number().nullable() })),
  turnover: z.object({ from: z.string(), atStart: cell, left: cell, rate: z.number().nullable() }).nullable(),
});

export const representationQuery = z.object({ county: fips.optional(), month: month.optional(), dimension: z.enum(['race', 'language']).default('race'), format: figureFormat });
export const representationView = z.object({
  suppression: suppressionBlock,
  county: z.string().nullable(),
  countyName: z.string().nullable(),
  dimension: z.string(),
  month: z.string().nullable(),
  consentedWorkforce: cell,
  notShared: cell.optional(),
  groups: z.array(
    z.object({
      group: z.string(),
      label: z.string(),
      workforce: cell,
      workforceShare: z.number().nullable(),
      servedShare: z.number().nullable(),
      populationShare: z.number().nullable(),
      index: z.number().nullable(),
      ci90: z.tuple([z.number(), z.number()]).nullable(),
    }),
  ),
});

export const unmetQuery = z.object({ county: fips.optional(), month: month.optional(), lang: z.enum(['en', 'es']).optional(), format: figureFormat });
export const unmetView = z.object({
  suppression: suppressionBlock,
  month: z.string().nullable(),
  gaps: z.array(z.object({ countyFips: z.string(), countyName: z.string().nullable(), wish: z.string(), waiting: cell, peersAvailable: cell.nullable(), sentence: z.string() })),
});

export const monthQuery = z.object({ month: month.optional(), format: figureFormat });
const area = z.object({ peers: cell, residents: z.number(), perTenThousand: z.number().nullable() });
export const shortageView = z.object({
  suppression: suppressionBlock,
  month: z.string().nullable(),
  shortageCounties: z.number().int(),
  inShortageAreas: area,
  outsideShortageAreas: area,
  counties: z.array(
    z.object({
      countyFips: z.string(),
      countyName: z.string().nullable(),
      shortageArea: z.boolean(),
      designations: z.number().int(),
      peers: cell,
      residents: z.number().nullable(),
      perTenThousand: z.number().nullable(),
    }),
  ),
});

export const careersView = z.object({
  suppression: suppressionBlock,
  month: z.string().nullable(),
  working: cell,
  medianDaysCertificationToFirstJob: z.number().nullable(),
  medianTenureMonthsOfThoseWhoLeft: z.number().nullable(),
  partTimeShare: z.number().nullable(),
  wageBands: z.array(z.object({ band: z.string(), peers: cell })),
  comparison: z.object({ hourlyWage: z.number(), source: z.string() }),
  certifiedPeers: cell,
  destinations: z.array(z.object({ destination: z.string(), peers: cell })),
});

export const registryView = z.object({
  id: z.string(),
  name: z.string(),
  sharedFields: z.array(z.string()),
  neverShared: z.array(z.string()),
  members: z.array(z.object({ organizationId: z.string(), name: z.string(), joinedAt: z.string(), leftAt: z.string().nullable() })),
  membership: z.object({ joinedAt: z.string(), leftAt: z.string().nullable() }).nullable(),
});
export const registryList = z.object({
  runs: z.array(z.object({ id: z.string(), name: z.string() })),
  memberOf: z.array(z.object({ id: z.string(), name: z.string(), joinedAt: z.string(), leftAt: z.string().nullable(), sharedFields: z.array(z.string()) })),
});

// ---------- jobs ----------

export const jobInput = z.object({
  title: z.string().trim().min(1).max(200),
  countyFips: fips,
  hoursPerWeek: z.number().min(1).max(80),
  wageMin: z.number().min(7.25).max(150),
  wageMax: z.number().min(7.25).max(150),
  benefits: z.boolean().default(false),
  certificationRequired: z.string().trim().max(100).nullable().optional(),
  applyUrl: z.url().max(500).nullable().optional(),
  closesOn: z.iso.date().nullable().optional(),
});
export const jobView = z
  .object({
    id: z.string(),
    organization: z.string(),
    title: z.string(),
    countyFips: z.string(),
    countyName: z.string().nullable(),
    state: z.string().nullable(),
    hoursPerWeek: z.number(),
    partTime: z.boolean(),
    wageMin: z.number(),
    wageMax: z.number(),
    benefits: z.boolean(),
    certificationRequired: z.string().nullable(),
    applyUrl: z.string().nullable(),
    postedAt: z.string(),
    closesOn: z.string().nullable(),
    filled: z.boolean(),
  })
  .meta({ id: 'JobPosting' });
export const jobsQuery = z.object({
  state: z.string().regex(/^\d{2}$/).optional(),
  county: fips.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  format: z.enum(['json', 'hsds']).optional().describe('`hsds`: the openings as HSDS 3.0 services in an HSDS page (organization, location, service area, and the job under `job`)'),
});
export const jobsFeedQuery = z.object({ state: z.string().regex(/^\d{2}$/).optional(), county: fips.optional() });
/** One opening as an HSDS 3.0 service (jobs.hsds.rules.ts). */
export const hsdsJobService = z.object({
  id: z.string(),
  organization_id: z.string(),
  name: z.string(),
  alternate_name: z.string().nullable(),
  description: z.string(),
  url: z.string().nullable(),
  email: z.string().nullable(),
  status: z.string(),
  application_process: z.string(),
  eligibility_description: z.string().nullable(),
  fees_description: z.string().nullable(),
  last_modified: z.string(),
  organization: z.object({ id: z.string(), name: z.string() }),
  service_areas: z.array(z.object({ id: z.string(), service_id: z.string(), name: z.string(), description: z.string(), extent_type: z.string().nullable() })),
  service_at_locations: z.array(
    z.object({
      id: z.string(),
      service_id: z.string(),
      location: z.object({
        id: z.string(),
        location_type: z.string(),
        name: z.string(),
        addresses: z.array(z.object({ id: z.string(), location_id: z.string(), address_type: z.string(), region: z.string().nullable(), state_province: z.string().nullable(), country: z.string() })),
      }),
    }),
  ),
  job: z.object({
    county_fips: z.string(),
    hours_per_week: z.number(),
    part_time: z.boolean(),
    wage_min: z.number(),
    wage_max: z.number(),
    wage_unit: z.string(),
    currency: z.string(),
    benefits: z.boolean(),
    certification_required: z.string().nullable(),
    posted_at: z.string(),
    closes_on: z.string().nullable(),
  }),
});
export const hsdsJobsPage = hsdsPageOf(hsdsJobService);

// ---------- a member's own data as its snapshot ----------
export const registryConsentInput = z.object({ shareDemographics: z.boolean() });
export const registryConsentView = z.object({ shareDemographics: z.boolean(), decidedAt: z.string().nullable() });
/** What the admin enters about a peer's job: no free text. */
export const jobProfileInput = z
  .object({
    role: z.enum(ROLES),
    hoursPerWeek: z.number().min(0).max(80),
    wageBand: z.enum(WAGE_BANDS).nullable().optional(),
    benefits: z.boolean().nullable().optional(),
    jobStart: z.iso.date().nullable().optional(),
    jobEnd: z.iso.date().nullable().optional(),
    workFips: fips.nullable().optional(),
    certifiedOn: z.iso.date().nullable().optional(),
    credentialState: z.string().regex(/^[A-Za-z]{2}$/, 'Two letters').nullable().optional(),
  })
  .strict();
export const jobProfileView = jobProfileInput
  .partial()
  .extend({ role: z.string().optional(), wageBand: z.string().nullable().optional(), registryConsent: z.boolean().describe("the peer's own registry consent (read only)") });
export const buildSnapshotInput = z.object({ month });
export const buildSnapshotResult = snapshotResult.extend({
  problems: z.array(rowProblem.extend({ peer: z.string().nullable().describe('the peer of a refused record (this report goes to your own admin only)') })),
  peers: z.number().int(),
  skipped: z.object({ 'no-job-profile': z.number().int(), 'not-working-that-month': z.number().int(), 'no-linkage': z.number().int() }),
  aggregates: z
    .object({
      servedParticipants: z.number().int().describe('participants with a peer assignment in force in the month'),
      unmetWishes: z.number().int().describe("participants' language, lived-experience and peer-gender wishes no assigned peer met"),
      rows: z.number().int().describe('aggregate rows sent (served-race, served-language, unmet-wish by county)'),
      leftOut: z.record(z.string(), z.number().int()).describe('people or wishes left out of a count, by reason (no county from a location or ZIP code, no race/ethnicity given, ...)'),
      notDerived: z.array(z.string()).describe('what your data cannot give'),
    })
    .describe('the counts built from your participants and matching: de-identified, counts only'),
});
