// Pure HSDS 3.0 presenters for the public API: the list items of openapi.json (services with their
// organization and program, service_at_location with its location and service, terms with their
// taxonomy) and the compiled organization of GET /organizations/{id}. Compiled services come from
// the interop writer (toHsds3Json), which the interop tests validate against the official schema.
import { FOREIGN_KEYS, TABLE_BY_RESOURCE, emptyDirectory, rowsOf } from '../../interop/hsds/model.ts';
import type { Directory, ResourceName, Row, TableKey } from '../../interop/hsds/model.ts';
import { NESTING } from '../../interop/hsds/nesting.ts';

type Obj = Record<string, unknown>;

export const serviceListItem = (service: Row, organization: Row | undefined, program: Row | undefined): Obj => ({
  ...service,
  ...(organization ? { organization } : {}),
  ...(program ? { program } : {}),
});

export const serviceAtLocationListItem = (sal: Row, location: Row | undefined, service: Row | undefined): Obj => ({
  ...sal,
  ...(location ? { location } : {}),
  ...(service ? { service } : {}),
});

export const taxonomyTermListItem = (term: Row, taxonomy: Row | undefined): Obj => ({
  ...term,
  ...(taxonomy ? { taxonomy_detail: taxonomy } : {}),
});

/** Add loaded rows to a directory, once per id. */
export const addRows = (directory: Directory, resource: ResourceName, rows: readonly Row[]): Row[] => {
  const key = TABLE_BY_RESOURCE.get(resource)!.key as TableKey;
  const list = directory[key] as unknown as Row[];
  const seen = new Set(list.map((r) => String(r['id'])));
  const added: Row[] = [];
  for (const r of rows) {
    if (seen.has(String(r['id']))) continue;
    seen.add(String(r['id']));
    list.push(r);
    added.push(r);
  }
  return added;
};

/**
 * Which edges the graph loader follows from a resource: the NESTING of interop/hsds minus the
 * back-references that would loop (organization -> services, service_at_location -> service).
 */
export const edgesFrom = (resource: ResourceName) =>
  NESTING[resource].filter(
    (n) => !((resource === 'organization' && n.key === 'services') || (resource === 'service_at_location' && n.key === 'service')),
  );

/**
 * One row of `resource` with its nested objects along the HSDS nesting (the graph loaded by
 * loadGraph), as the compiled schemas nest them.
 */
export const compileOne = (directory: Directory, resource: ResourceName, id: string): Obj | undefined => {
  const index = new Map<string, Map<string, Row>>();
  const byId = (r: ResourceName) => {
    let m = index.get(r);
    if (!m) {
      m = new Map(rowsOf(directory, TABLE_BY_RESOURCE.get(r)!.key).map((x) => [String(x['id']), x]));
      index.set(r, m);
    }
    return m;
  };
  const build = (r: ResourceName, row: Row, depth: number): Obj => {
    const o: Obj = { ...row };
    if (depth > 6) return o;
    for (const nest of edgesFrom(r)) {
      if (nest.kind === 'one') {
        const ref = row[nest.fk];
        const target = ref === undefined ? undefined : byId(nest.child).get(String(ref));
        if (target) o[nest.key] = build(nest.child, target, depth + 1);
      } else {
        const children = rowsOf(directory, TABLE_BY_RESOURCE.get(nest.child)!.key).filter((c) => String(c[nest.fk]) === String(row['id']));
        // A polymorphic child (attribute, metadata) belongs here only when it names this table.
        const own = children.filter((c) =>
          nest.child === 'attribute'
            ? c['link_entity'] === undefined || c['link_entity'] === r
            : nest.child === 'metadata'
              ? c['resource_type'] === undefined || c['resource_type'] === r
              : true,
        );
        if (own.length > 0) o[nest.key] = own.map((c) => build(nest.child, c, depth + 1));
      }
    }
    return o;
  };
  const row = byId(resource).get(id);
  return row ? build(resource, row, 0) : undefined;
};

/**
 * GET /organizations/{id}: the organization with its nested objects (organization.json), and its
 * services: flat service rows, or compiled services when `full_service=true`.
 */
export const compileOrganization = (directory: Directory, organizationId: string, services: Obj[]): Obj | undefined => {
  const compiled = compileOne(directory, 'organization', organizationId);
  if (!compiled) return undefined;
  if (services.length > 0) compiled['services'] = services;
  return compiled;
};

/**
 * GET /service_at_locations/{id}: the service at location with its location, contacts, phones
 * and schedules, and its compiled service (the reference's example, service_at_location_full.json).
 * The openapi.json of HSDS 3.0 describes this answer with the compiled service schema, which
 * requires `name` and `status`; the service's are repeated at the top so the answer is valid
 * against both (HSDS objects allow other properties).
 */
export const compileServiceAtLocation = (directory: Directory, id: string, service: Obj | undefined): Obj | undefined => {
  const compiled = compileOne(directory, 'service_at_location', id);
  if (!compiled) return undefined;
  if (!service) return compiled;
  return { ...compiled, name: service['name'], status: service['status'], service };
};

/** Foreign keys named in FOREIGN_KEYS, for dropping links to rows a graph does not carry. */
export const linkFields = (resource: ResourceName) => (FOREIGN_KEYS[resource] ?? []).map((f) => f.field);

export { emptyDirectory };
