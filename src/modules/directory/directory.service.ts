import { randomUUID } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { badRequest, forbidden, notFound } from '../../core/errors.ts';
import type { Database, Tx } from '../../db/client.ts';
import { TABLES, emptyDirectory } from '../../interop/hsds/model.ts';
import type { Directory, Row, TableKey } from '../../interop/hsds/model.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { orgToday } from '../people/people.repo.ts';
import { zipCentroid } from './directory.zips.ts';
import { createDirectoryImport } from './directory.import.ts';
import { createImportRuns } from './import-runs.ts';
import { createCategoryMap, createCategoryWords } from './directory.categories.ts';
import * as repo from './directory.repo.ts';
import * as searchRepo from './search.repo.ts';
import { createHsdsApi, loadGraph } from './hsds-api.service.ts';
import { boundingBox, isStale, languageKeys, openNowOf } from './directory.rules.ts';
import type { LocalServiceInput, SearchQuery } from './directory.schemas.ts';

export interface DirectoryDeps {
  db: Database;
  audit: AuditService;
  clock: () => Date;
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;

const PUBLIC_READER_ROLES = new Set(['admin', 'supervisor', 'peer', 'analyst']);

export const createDirectoryService = ({ db, audit, clock }: DirectoryDeps) => {
  const requireStaff = (actor: Actor) => {
    if (actor.kind === 'user' && !PUBLIC_READER_ROLES.has(actor.role)) throw forbidden();
  };
  const requireEditor = (actor: Actor) => {
    if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden('Analysts see aggregate reports only.');
  };

  // Importing a package into the shared directory (instance operators and the CLI): directory.import.ts.
  const importDirectory = createDirectoryImport({ db, audit, clock });
  const importRuns = createImportRuns({ db });

  /** The whole public directory as the HSDS model (for the export writers). */
  const exportDirectory = async (actor: Actor): Promise<Directory> => {
    requireStaff(actor);
    return db.tenant(null, async (tx) => {
      const d = emptyDirectory();
      for (const t of TABLES) (d[t.key as TableKey] as unknown as Row[]).push(...(await repo.allHsdsRows(tx, t.resource)));
      return d;
    }, null, db.longStatements); // the whole directory: its own statement timeout
  };

  // The public HSDS API (no actor: public information) lives in hsds-api.service.ts.
  const hsds = createHsdsApi(db);

  // ---------- staff search and detail ----------

  const bedsOf = (r: { beds_available: number | null; beds_total: number | null; beds_updated_at: Date | string | null }) =>
    r.beds_available === null || r.beds_available === undefined
      ? null
      : { available: r.beds_available, total: r.beds_total, note: null, updatedAt: new Date(r.beds_updated_at!).toISOString() };

  // Rankings of searches by words alone, kept while the directory stays the same (search.repo.ts).
  const kept = searchRepo.newRankingCache();

  const search = async (actor: Actor, query: SearchQuery) => {
    requireStaff(actor);
    const now = clock();
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    let center: { postalCode: string; lat: number; lon: number; radiusKm: number; source: 'zip-centroid' | 'directory' } | undefined;
    if (query.postalCode) {
      const postalCode = query.postalCode;
      // Any US ZIP code: its Census centroid (issue 17; before, only a ZIP some directory address
      // had worked). A postal code the table does not know (another country's, or a ZIP newer
      // than the table) falls back to the centre of the directory's own addresses that have it.
      const zip = zipCentroid(postalCode);
      if (zip) {
        center = { postalCode: zip.zip, lat: zip.lat, lon: zip.lon, radiusKm: query.radiusKm ?? 10, source: 'zip-centroid' };
      } else {
        const c = await db.tenant(actor.orgId, (tx) => repo.postalCodeCentre(tx, postalCode));
        if (!c || c.lat === null || c.lon === null) {
          throw badRequest('This is not a US ZIP code we know, and no directory address has it, so there is no point to search around.', [
            { field: 'query.postalCode', message: 'Unknown ZIP code: check it, or search near the participant or near you' },
          ]);
        }
        center = { postalCode, lat: Math.round(Number(c.lat) * 1e5) / 1e5, lon: Math.round(Number(c.lon) * 1e5) / 1e5, radiusKm: query.radiusKm ?? 10, source: 'directory' };
      }
    }
    const lat = center?.lat ?? query.lat;
    const lon = center?.lon ?? query.lon;
    const radiusKm = center?.radiusKm ?? query.radiusKm;
    const filter: searchRepo.SearchFilter = {
      q: query.q || undefined,
      lat,
      lon,
      radiusKm,
      box: lat !== undefined && lon !== undefined && radiusKm !== undefined ? boundingBox(lat, lon, radiusKm) : undefined,
      languages: query.language ? languageKeys(query.language.split(',')) : undefined,
      taxonomyTermId: query.taxonomy && uuid.test(query.taxonomy) ? query.taxonomy.toLowerCase() : undefined,
      category: query.taxonomy && !uuid.test(query.taxonomy) ? query.taxonomy.toLowerCase() : undefined,
      free: query.free || undefined,
      openAt: query.openNow ? now : undefined,
    };
    return db.tenant(
      actor.orgId,
      async (tx) => {
        const offset = (query.page - 1) * query.pageSize;
        const run = (f: searchRepo.SearchFilter) => searchRepo.searchEntries(tx, f, query.pageSize, offset, kept);
        // The words as typed first; close spellings only when they find nothing. Checking every
        // entry in reach for a similar spelling cost most of a search, and it buried the entries
        // that have the words under ones that merely look alike ("job center" matched every
        // "Community Center").
        let rows = await run(filter);
        if (filter.q && rows.length === 0 && (offset === 0 || (await countOnly(tx, filter)) === 0)) {
          filter.typos = true;
          rows = await run(filter);
        }
        const spelling = filter.typos ? { similarSpellings: true as const } : {};
        const present = rows.map((r) => ({
          serviceId: r.service_id,
          locationId: r.location_id,
          name: r.name,
          organizationName: r.organization_name,
          distanceKm: r.distance_km === null ? null : Math.round(Number(r.distance_km) * 100) / 100,
          openNow: openNowOf(r.schedules, r.time_zone, now),
          stale: isStale(r.last_verified, now),
          lastVerified: r.last_verified,
          phone: r.phone,
          languages: r.languages,
          eligibility: r.eligibility,
          categories: r.categories,
          free: r.free,
          address: r.address,
          timeZone: r.time_zone,
          local: r.local,
          beds: bedsOf(r),
        }));
        const around = center ? { center } : {};
        return { total: rows[0]?.total ?? (offset > 0 ? await countOnly(tx, filter) : 0), results: present, ...around, ...spelling };
      },
      null,
      repo.SEARCH_SETTINGS,
    );
  };

  const countOnly = async (tx: Tx, filter: searchRepo.SearchFilter) => (await searchRepo.searchEntries(tx, filter, 1, 0, kept))[0]?.total ?? 0;

  const getService = async (actor: Actor, id: string) => {
    requireStaff(actor);
    const now = clock();
    return db.tenant(actor.orgId, async (tx) => {
      const note = actor.orgId ? await repo.getNote(tx, actor.orgId, id) : undefined;
      const beds = await repo.getBeds(tx, id);
      const noteView = note ? { body: note.body, updatedAt: note.updatedAt.toISOString() } : null;
      const bedsView = beds ? { available: beds.available, total: beds.total, note: beds.note, updatedAt: beds.updatedAt.toISOString() } : null;
      const local = await repo.getLocalService(tx, id);
      if (local) {
        const openNow = openNowOf(local.schedules, local.timeZone, now);
        return {
          serviceId: local.id,
          name: local.name,
          alternateName: null,
          description: local.description,
          organization: { id: null, name: local.organizationName, website: null },
          url: local.url,
          email: local.email,
          status: local.status,
          categories: local.categories,
          phones: local.phone ? [{ number: local.phone, extension: null, type: null, description: null }] : [],
          locations: [{ id: null, name: null, address: local.address, lat: local.lat, lon: local.lon, timeZone: local.timeZone, openNow }],
          schedules: local.schedules,
          languages: local.languages,
          eligibility: local.eligibility,
          fees: null,
          free: local.free,
          applicationProcess: null,
          lastVerified: local.lastVerified,
          stale: isStale(local.lastVerified, now),
          openNow,
          beds: bedsView,
          note: noteView,
          local: true,
          hsdsUrl: null,
        };
      }
      const d = await loadGraph(tx, 'service', [id]);
      const s = d.services[0];
      if (!s) throw notFound('Service');
      const entries = await searchRepo.searchEntriesOfService(tx, id);
      const org = d.organizations.find((o) => o.id === s.organization_id);
      const locations = entries.map((e) => ({
        id: e.location_id,
        name: d.locations.find((l) => l.id === e.location_id)?.name ?? null,
        address: e.address,
        lat: e.lat,
        lon: e.lon,
        timeZone: e.time_zone,
        openNow: openNowOf(e.schedules, e.time_zone, now),
      }));
      const opens = locations.map((l) => l.openNow).filter((v): v is boolean => v !== null);
      const first = entries[0];
      return {
        serviceId: s.id,
        name: s.name,
        alternateName: s.alternate_name ?? null,
        description: s.description ?? null,
        organization: { id: org?.id ?? null, name: org?.name ?? null, website: org?.website ?? null },
        url: s.url ?? null,
        email: s.email ?? null,
        status: s.status,
        categories: first?.categories ?? [],
        phones: d.phones.map((p) => ({ number: p.number, extension: p.extension ?? null, type: p.type ?? null, description: p.description ?? null })),
        locations: locations.filter((l) => l.id !== null),
        schedules: d.schedules as unknown as Record<string, unknown>[],
        languages: first?.languages ?? [],
        eligibility: s.eligibility_description ?? null,
        fees: s.fees_description ?? s.fees ?? null,
        free: entries.some((e) => e.free),
        applicationProcess: s.application_process ?? null,
        lastVerified: s.assured_date ?? null,
        stale: isStale(s.assured_date, now),
        openNow: opens.length === 0 ? null : opens.some(Boolean),
        beds: bedsView,
        note: noteView,
        local: false,
        hsdsUrl: `/api/hsds/services/${s.id}`,
      };
    });
  };

  /** The service exists for this actor: public, or the organization's own (RLS). For referrals too. */
  const serviceVisible = async (tx: Tx, id: string) =>
    (await repo.getLocalService(tx, id)) !== undefined || (await repo.hsdsServiceOrganization(tx, id)) !== undefined;

  const putNote = async (actor: Actor, serviceId: string, body: string) => {
    requireEditor(actor);
    if (!actor.orgId) throw forbidden('Notes belong to an organization.');
    const orgId = actor.orgId;
    return db.tenant(orgId, async (tx) => {
      if (!(await serviceVisible(tx, serviceId))) throw notFound('Service');
      const note = await repo.upsertNote(tx, { orgId, serviceId, body, updatedBy: actor.kind === 'user' ? actor.userId : null, updatedAt: clock() });
      await audit.record(tx, actor, { action: 'directory.note.put', entityType: 'directory_service', entityId: serviceId });
      return { body: note.body, updatedAt: note.updatedAt.toISOString() };
    });
  };

  /**
   * Beds available now: admins of the organization that owns the service (its local service, or
   * a directory organization it manages), or any API token of that organization (a respite's
   * front-desk integration).
   */
  const putBeds = async (actor: Actor, serviceId: string, input: { available: number; total?: number | undefined; note?: string | undefined }) => {
    if (actor.kind === 'user' && actor.role !== 'admin' && actor.via !== 'token') throw forbidden('Only admins or an API token of the service’s organization publish beds.');
    if (!actor.orgId) throw forbidden('Beds are published by the organization that runs the service.');
    const orgId = actor.orgId;
    return db.tenant(orgId, async (tx) => {
      const local = await repo.getLocalService(tx, serviceId);
      if (!local) {
        const hsdsOrg = await repo.hsdsServiceOrganization(tx, serviceId);
        if (!hsdsOrg) throw notFound('Service');
        if (!(await repo.managesHsdsOrganization(tx, orgId, hsdsOrg))) {
          throw forbidden('Your organization does not manage this service. An operator can link it with `peerbridge directory manage`.');
        }
      }
      const row = await repo.upsertBeds(tx, { serviceId, available: input.available, total: input.total ?? null, note: input.note ?? null, updatedAt: clock(), updatedByOrg: orgId });
      await audit.record(tx, actor, { action: 'directory.beds.put', entityType: 'directory_service', entityId: serviceId, details: { available: input.available } });
      return { available: row.available, total: row.total, note: row.note, updatedAt: row.updatedAt.toISOString() };
    });
  };

  /** Categories whose services keep beds: a referral link may publish theirs. */
  const BED_CATEGORIES = new Set(['peer-respite', 'shelter', 'detox']);

  /**
   * Beds through a receiver's referral link, inside the caller's transaction (the link's): the
   * link holder is the receiving service, so it may publish the beds of that service, if the
   * service is one that keeps beds. `updatedByOrg` is null: the receiver has no account.
   */
  const linkBeds = {
    allowed: async (tx: Tx, serviceId: string) => (await repo.serviceCategories(tx, serviceId)).some((c) => BED_CATEGORIES.has(c)),
    get: async (tx: Tx, serviceId: string) => {
      const b = await repo.getBeds(tx, serviceId);
      return b ? { available: b.available, total: b.total, note: b.note, updatedAt: b.updatedAt.toISOString() } : null;
    },
    put: async (tx: Tx, serviceId: string, input: { available: number; total?: number | undefined; note?: string | undefined }) => {
      const row = await repo.upsertBeds(tx, { serviceId, available: input.available, total: input.total ?? null, note: input.note ?? null, updatedAt: clock(), updatedByOrg: null });
      return { available: row.available, total: row.total, note: row.note, updatedAt: row.updatedAt.toISOString() };
    },
  };

  const createLocalService = async (actor: Actor, input: LocalServiceInput) => {
    requireEditor(actor);
    if (!actor.orgId) throw forbidden('Local resources belong to an organization.');
    const orgId = actor.orgId;
    if (input.timeZone && !isTimeZone(input.timeZone)) throw badRequest('Unknown time zone.', [{ field: 'body.timeZone', message: 'Use an IANA time zone such as America/Chicago' }]);
    const id = await db.tenant(orgId, async (tx) => {
      const timeZone = input.timeZone ?? (await repo.orgTimeZone(tx, orgId)) ?? 'America/New_York';
      const categories = input.categories.map((c) => c.toLowerCase());
      // Its words are its categories and their need words in both languages (0052), as an
      // imported entry's are: "comida" finds the agency's own food pantry too.
      const needWords = await repo.categoryWords(tx, categories);
      // Verified today in the adding organization's zone: at 11 pm in Chicago the UTC day is tomorrow.
      const lastVerified = await orgToday(tx, orgId, clock);
      const row = await repo.insertLocalService(tx, {
        id: randomUUID(),
        orgId,
        name: input.name,
        organizationName: input.organizationName ?? null,
        description: input.description ?? null,
        terms: [...input.categories, needWords].join(' ').trim(),
        categories,
        languages: languageKeys(input.languages),
        free: input.free,
        lat: input.lat ?? null,
        lon: input.lon ?? null,
        postalCode: input.postalCode ?? null,
        address: input.address ?? null,
        timeZone,
        phone: input.phone ?? null,
        email: input.email ?? null,
        url: input.url ?? null,
        eligibility: input.eligibility ?? null,
        lastVerified,
        schedules: input.schedules.map((s) => ({
          freq: 'WEEKLY',
          byday: s.byday ?? 'MO,TU,WE,TH,FR,SA,SU',
          opens_at: s.opens_at.length === 5 ? `${s.opens_at}:00` : s.opens_at,
          closes_at: s.closes_at.length === 5 ? `${s.closes_at}:00` : s.closes_at,
          ...(s.description ? { description: s.description } : {}),
        })),
        createdBy: actor.kind === 'user' ? actor.userId : null,
        status: 'active',
      });
      await audit.record(tx, actor, { action: 'directory.local_service.create', entityType: 'directory_service', entityId: row.id });
      return row.id;
    });
    return getService(actor, id);
  };

  /** Operator: let a tenant manage a directory organization's entries (beds). */
  const addManager = async (actor: Actor, orgId: string, hsdsOrganizationId: string) => {
    if (actor.kind !== 'system') throw forbidden();
    await db.tenant(orgId, async (tx) => {
      await repo.addManager(tx, orgId, hsdsOrganizationId);
      await audit.record(tx, { ...actor, orgId }, { action: 'directory.manager.add', entityType: 'hsds_organization', entityId: hsdsOrganizationId });
    });
  };

  const counts = () => db.tenant(null, (tx) => repo.countHsdsRows(tx));
  const categoryMap = createCategoryMap({ db, audit });
  const categoryWords = createCategoryWords({ db, audit });

  return { categoryMap, categoryWords, importDirectory, importRuns, exportDirectory, hsds, search, getService, putNote, putBeds, linkBeds, createLocalService, addManager, counts, serviceVisible };
};

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

