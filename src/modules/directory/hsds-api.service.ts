import { badRequest, notFound } from '../../core/errors.ts';
import type { Database, Tx } from '../../db/client.ts';
import { emptyDirectory } from '../../interop/hsds/model.ts';
import type { Directory, ResourceName, Row } from '../../interop/hsds/model.ts';
import { toHsds3Json } from '../../interop/hsds/write.ts';
import { addRows, compileOne, compileOrganization, compileServiceAtLocation, edgesFrom, serviceAtLocationListItem, serviceListItem, taxonomyTermListItem } from './directory.hsds.ts';
import * as repo from './directory.repo.ts';
import { boundingBox, hsdsPage } from './directory.rules.ts';

// The public HSDS 3.0 API (docs.openreferral.org, "API Reference"): no actor, public information
// only. Every answer is checked against the official openapi.json in directory.int.test.ts.

type Obj = Record<string, unknown>;

/** Everything reachable from `ids` of `resource` along the HSDS nesting, as a directory. */
export const loadGraph = async (tx: Tx, resource: ResourceName, ids: string[]): Promise<Directory> => {
  const d = emptyDirectory();
  let frontier: Array<{ resource: ResourceName; rows: Row[] }> = [{ resource, rows: addRows(d, resource, await repo.hsdsRowsWhere(tx, resource, 'id', ids)) }];
  for (let depth = 0; depth < 8 && frontier.length > 0; depth++) {
    const next: typeof frontier = [];
    for (const { resource: r, rows } of frontier) {
      if (rows.length === 0) continue;
      for (const nest of edgesFrom(r)) {
        const values =
          nest.kind === 'one'
            ? [...new Set(rows.map((x) => x[nest.fk]).filter((v): v is string => typeof v === 'string'))]
            : rows.map((x) => String(x['id']));
        const column = nest.kind === 'one' ? 'id' : nest.fk;
        const found = await repo.hsdsRowsWhere(tx, nest.child, column, values);
        const added = addRows(d, nest.child, found);
        if (added.length > 0) next.push({ resource: nest.child, rows: added });
      }
    }
    frontier = next;
  }
  return d;
};

export type TermFilter = { search?: string | undefined; taxonomyId?: string | undefined; parentId?: string | undefined; topOnly?: boolean | undefined };
export type NameFilter = { search?: string | undefined };

/** What `format=ndjson` streams: one list item per line, every page (HSDS API reference, `format`). */
export type HsdsList =
  | { kind: 'services'; filter: repo.HsdsListFilter; minimal?: boolean }
  | { kind: 'service_at_locations'; filter: repo.HsdsListFilter }
  | { kind: 'organizations'; filter: NameFilter }
  | { kind: 'taxonomies'; filter: NameFilter }
  | { kind: 'taxonomy_terms'; filter: TermFilter };

/** Rows per database read while streaming a list. */
const STREAM_PAGE = 1000;

/**
 * Taxonomies and terms must carry a description (taxonomy.json, taxonomy_term.json require it);
 * a feed that gave none gets an empty one rather than an answer that fails the schema.
 */
const withDescription = (row: Row): Row => (row['description'] === undefined ? { ...row, description: '' } : row);

const withOptionalDescription = (row: Row | undefined) => (row ? withDescription(row) : undefined);

export const createHsdsApi = (db: Database) => {
  const hsdsFilter = async (tx: Tx, f: repo.HsdsListFilter): Promise<repo.CentroidFilter> => {
    if (f.proximityMeters !== undefined && !f.postcode) throw badRequest('proximity needs a postcode.', [{ field: 'query.proximity', message: 'Give postcode with proximity' }]);
    if (!f.postcode || f.proximityMeters === undefined) return null;
    const c = await repo.postcodeCentroid(tx, f.postcode);
    if (!c || c.lat === null || c.lon === null) return null;
    return { lat: Number(c.lat), lon: Number(c.lon), box: boundingBox(Number(c.lat), Number(c.lon), f.proximityMeters / 1000) };
  };

  const flatById = async (tx: Tx, resource: ResourceName, ids: string[]) =>
    new Map((await repo.hsdsRowsWhere(tx, resource, 'id', [...new Set(ids)])).map((r) => [String(r['id']), r]));

  // Each list read answers its total and one slice of list items; pages and streams share them.
  const serviceSlice = async (tx: Tx, f: repo.HsdsListFilter, limit: number, offset: number) => {
    const centroid = await hsdsFilter(tx, f);
    const { total, rows } = await repo.listHsdsServices(tx, f, centroid, limit, offset);
    const orgs = await flatById(tx, 'organization', rows.map((r) => String(r['organization_id'])));
    const programs = await flatById(tx, 'program', rows.map((r) => r['program_id']).filter((v): v is string => typeof v === 'string'));
    const contents = rows.map((s) => serviceListItem(s, orgs.get(String(s['organization_id'])), s['program_id'] ? programs.get(String(s['program_id'])) : undefined));
    return { total, contents };
  };
  const stampSlice = async (tx: Tx, f: repo.HsdsListFilter, limit: number, offset: number) => {
    const { total, rows } = await repo.listHsdsServiceStamps(tx, f, await hsdsFilter(tx, f), limit, offset);
    return { total, contents: rows as Obj[] };
  };
  const salSlice = async (tx: Tx, f: repo.HsdsListFilter, limit: number, offset: number) => {
    const centroid = await hsdsFilter(tx, f);
    const { total, rows } = await repo.listHsdsServiceAtLocations(tx, f, centroid, limit, offset);
    const locations = await flatById(tx, 'location', rows.map((r) => String(r['location_id'])));
    const services = await flatById(tx, 'service', rows.map((r) => String(r['service_id'])));
    const contents = rows.map((x) => serviceAtLocationListItem(x, locations.get(String(x['location_id'])), services.get(String(x['service_id']))));
    return { total, contents };
  };
  const simpleSlice = async (tx: Tx, resource: 'organization' | 'taxonomy', f: NameFilter, limit: number, offset: number) => {
    if (f.search) await repo.setSearchTuning(tx);
    const { total, rows } = await repo.listHsdsSimple(tx, resource, f, limit, offset);
    return { total, contents: resource === 'taxonomy' ? rows.map(withDescription) : (rows as Obj[]) };
  };
  const termSlice = async (tx: Tx, f: TermFilter, limit: number, offset: number) => {
    if (f.search) await repo.setSearchTuning(tx);
    const { total, rows } = await repo.listHsdsSimple(tx, 'taxonomy_term', f, limit, offset);
    const taxonomies = await flatById(tx, 'taxonomy', rows.map((r) => r['taxonomy_id']).filter((v): v is string => typeof v === 'string'));
    const contents = rows.map((r) => taxonomyTermListItem(withDescription(r), r['taxonomy_id'] ? withOptionalDescription(taxonomies.get(String(r['taxonomy_id']))) : undefined));
    return { total, contents };
  };

  const slice = (tx: Tx, list: HsdsList, limit: number, offset: number): Promise<{ total: number; contents: Obj[] }> => {
    switch (list.kind) {
      case 'services':
        return list.minimal ? stampSlice(tx, list.filter, limit, offset) : serviceSlice(tx, list.filter, limit, offset);
      case 'service_at_locations':
        return salSlice(tx, list.filter, limit, offset);
      case 'organizations':
        return simpleSlice(tx, 'organization', list.filter, limit, offset);
      case 'taxonomies':
        return simpleSlice(tx, 'taxonomy', list.filter, limit, offset);
      case 'taxonomy_terms':
        return termSlice(tx, list.filter, limit, offset);
    }
  };

  /** One page of a list in the HSDS Page wrapper. */
  const page = (list: HsdsList, pageNumber: number, perPage: number) =>
    db.tenant(null, async (tx) => {
      const { total, contents } = await slice(tx, list, perPage, (pageNumber - 1) * perPage);
      return hsdsPage(contents, total, pageNumber, perPage);
    });

  /**
   * Every item of a list, without pages, read a thousand at a time, each read in a short
   * transaction of its own: a slow client never holds a connection or a snapshot open.
   */
  async function* stream(list: HsdsList): AsyncGenerator<Obj[]> {
    for (let offset = 0; ; offset += STREAM_PAGE) {
      const { contents } = await db.tenant(null, (tx) => slice(tx, list, STREAM_PAGE, offset));
      if (contents.length > 0) yield contents;
      if (contents.length < STREAM_PAGE) return;
    }
  }

  return {
    page,
    stream,
    services: (f: repo.HsdsListFilter, pageNumber: number, perPage: number) => page({ kind: 'services', filter: f }, pageNumber, perPage),
    serviceAtLocations: (f: repo.HsdsListFilter, pageNumber: number, perPage: number) => page({ kind: 'service_at_locations', filter: f }, pageNumber, perPage),
    organizations: (f: NameFilter, pageNumber: number, perPage: number) => page({ kind: 'organizations', filter: f }, pageNumber, perPage),
    taxonomies: (f: NameFilter, pageNumber: number, perPage: number) => page({ kind: 'taxonomies', filter: f }, pageNumber, perPage),
    taxonomyTerms: (f: TermFilter, pageNumber: number, perPage: number) => page({ kind: 'taxonomy_terms', filter: f }, pageNumber, perPage),
    service: (id: string) =>
      db.tenant(null, async (tx) => {
        const [compiled] = toHsds3Json(await loadGraph(tx, 'service', [id]));
        if (!compiled) throw notFound('Service');
        return compiled;
      }),
    serviceAtLocation: (id: string) =>
      db.tenant(null, async (tx) => {
        const d = await loadGraph(tx, 'service_at_location', [id]);
        const sal = d.service_at_location[0];
        if (!sal) throw notFound('Service at location');
        const [service] = sal['service_id'] ? toHsds3Json(await loadGraph(tx, 'service', [String(sal['service_id'])])) : [];
        return compileServiceAtLocation(d, id, service)!;
      }),
    organization: (id: string, fullService: boolean) =>
      db.tenant(null, async (tx) => {
        const d = await loadGraph(tx, 'organization', [id]);
        if (d.organizations.length === 0) throw notFound('Organization');
        const serviceRows = await repo.hsdsRowsWhere(tx, 'service', 'organization_id', [id]);
        let services: Obj[] = serviceRows;
        if (fullService && serviceRows.length > 0) {
          services = toHsds3Json(await loadGraph(tx, 'service', serviceRows.map((s) => String(s['id'])))).map((s) => {
            const { organization: _drop, ...rest } = s;
            return rest;
          });
        }
        return compileOrganization(d, id, services)!;
      }),
    taxonomy: (id: string) =>
      db.tenant(null, async (tx) => {
        const d = await loadGraph(tx, 'taxonomy', [id]);
        const compiled = compileOne(d, 'taxonomy', id);
        if (!compiled) throw notFound('Taxonomy');
        return withDescription(compiled as Row);
      }),
    taxonomyTerm: (id: string) =>
      db.tenant(null, async (tx) => {
        const d = await loadGraph(tx, 'taxonomy_term', [id]);
        const compiled = compileOne(d, 'taxonomy_term', id);
        if (!compiled) throw notFound('Taxonomy term');
        const detail = compiled['taxonomy_detail'] as Row | undefined;
        return { ...withDescription(compiled as Row), ...(detail ? { taxonomy_detail: withDescription(detail) } : {}) };
      }),
  };
};

export type HsdsApi = ReturnType<typeof createHsdsApi>;
