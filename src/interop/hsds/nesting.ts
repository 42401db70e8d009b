// How HSDS 3.0 nests objects in its JSON form (the compiled schema,
// hsds-3.0-schema/compiled_service_with_definitions.json, and the *_full.json examples), and which
// foreign key each nesting stands for. The JSON reader flattens along these edges; the JSON writer
// compiles along the same edges, so the two stay inverse.
import type { ResourceName } from './model.ts';

export interface Nest {
  /** Property name in the parent object. */
  readonly key: string;
  readonly child: ResourceName;
  /**
   * `many`: an array of children whose `fk` holds the parent's id.
   * `one`: a single object whose id the parent holds in its own `fk`.
   */
  readonly kind: 'many' | 'one';
  readonly fk: string;
}

const attributes: Nest = { key: 'attributes', child: 'attribute', kind: 'many', fk: 'link_id' };
const metadata: Nest = { key: 'metadata', child: 'metadata', kind: 'many', fk: 'resource_id' };

export const NESTING: Readonly<Record<ResourceName, readonly Nest[]>> = {
  service: [
    { key: 'phones', child: 'phone', kind: 'many', fk: 'service_id' },
    { key: 'schedules', child: 'schedule', kind: 'many', fk: 'service_id' },
    { key: 'service_areas', child: 'service_area', kind: 'many', fk: 'service_id' },
    { key: 'service_at_locations', child: 'service_at_location', kind: 'many', fk: 'service_id' },
    { key: 'languages', child: 'language', kind: 'many', fk: 'service_id' },
    { key: 'organization', child: 'organization', kind: 'one', fk: 'organization_id' },
    { key: 'funding', child: 'funding', kind: 'many', fk: 'service_id' },
    { key: 'cost_options', child: 'cost_option', kind: 'many', fk: 'service_id' },
    { key: 'program', child: 'program', kind: 'one', fk: 'program_id' },
    { key: 'required_documents', child: 'required_document', kind: 'many', fk: 'service_id' },
    { key: 'contacts', child: 'contact', kind: 'many', fk: 'service_id' },
    attributes,
    metadata,
  ],
  organization: [
    { key: 'funding', child: 'funding', kind: 'many', fk: 'organization_id' },
    { key: 'contacts', child: 'contact', kind: 'many', fk: 'organization_id' },
    { key: 'phones', child: 'phone', kind: 'many', fk: 'organization_id' },
    { key: 'locations', child: 'location', kind: 'many', fk: 'organization_id' },
    { key: 'programs', child: 'program', kind: 'many', fk: 'organization_id' },
    {
      key: 'organization_identifiers',
      child: 'organization_identifier',
      kind: 'many',
      fk: 'organization_id',
    },
    attributes,
    metadata,
    // Only in organization_full.json (GET /organizations/{id}?full_service=true); never written
    // inside a compiled service, where it would loop back.
    { key: 'services', child: 'service', kind: 'many', fk: 'organization_id' },
  ],
  service_at_location: [
    { key: 'contacts', child: 'contact', kind: 'many', fk: 'service_at_location_id' },
    { key: 'phones', child: 'phone', kind: 'many', fk: 'service_at_location_id' },
    { key: 'schedules', child: 'schedule', kind: 'many', fk: 'service_at_location_id' },
    { key: 'location', child: 'location', kind: 'one', fk: 'location_id' },
    attributes,
    metadata,
    // Only in service_at_location_full.json.
    { key: 'service', child: 'service', kind: 'one', fk: 'service_id' },
  ],
  location: [
    { key: 'languages', child: 'language', kind: 'many', fk: 'location_id' },
    { key: 'addresses', child: 'address', kind: 'many', fk: 'location_id' },
    { key: 'contacts', child: 'contact', kind: 'many', fk: 'location_id' },
    { key: 'accessibility', child: 'accessibility', kind: 'many', fk: 'location_id' },
    { key: 'phones', child: 'phone', kind: 'many', fk: 'location_id' },
    { key: 'schedules', child: 'schedule', kind: 'many', fk: 'location_id' },
    attributes,
    metadata,
  ],
  phone: [
    { key: 'languages', child: 'language', kind: 'many', fk: 'phone_id' },
    attributes,
    metadata,
  ],
  contact: [{ key: 'phones', child: 'phone', kind: 'many', fk: 'contact_id' }, attributes, metadata],
  attribute: [
    { key: 'taxonomy_term', child: 'taxonomy_term', kind: 'one', fk: 'taxonomy_term_id' },
    metadata,
  ],
  taxonomy_term: [
    { key: 'taxonomy_detail', child: 'taxonomy', kind: 'one', fk: 'taxonomy_id' },
    metadata,
  ],
  program: [attributes, metadata],
  address: [attributes, metadata],
  schedule: [attributes, metadata],
  funding: [attributes, metadata],
  service_area: [attributes, metadata],
  required_document: [attributes, metadata],
  language: [attributes, metadata],
  accessibility: [attributes, metadata],
  meta_table_description: [attributes, metadata],
  cost_option: [attributes, metadata],
  organization_identifier: [attributes, metadata],
  taxonomy: [metadata],
  metadata: [],
};

/** Nestings the compiled service never writes (they exist only in *_full.json responses). */
export function writtenInCompiledService(parent: ResourceName, nest: Nest): boolean {
  return !(
    (parent === 'organization' && nest.key === 'services') ||
    (parent === 'service_at_location' && nest.key === 'service')
  );
}
