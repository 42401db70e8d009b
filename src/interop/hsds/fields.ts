// HSDS 3.0 table fields, transcribed from the official tabular schema
// (hsds-3.0-schema/datapackage.json, Open Referral, CC BY-SA 4.0) and the compiled JSON schema's
// `required` lists. `required` is the union of both: a row must satisfy the CSV form (tabular
// `constraints.required`) and the JSON form, so one model exports validly to either.
// Generated once from the schema files; regenerate when HSDS changes version.

export type FieldType = 'string' | 'number' | 'date' | 'datetime' | 'time';

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  readonly format?: 'uuid' | 'email' | 'uri';
  readonly required?: true;
  readonly enum?: readonly string[];
}

export interface TableSpec {
  /** HSDS resource name, e.g. `service`. */
  readonly resource: string;
  /** File name in a 3.0 tabular package, e.g. `services.csv`. */
  readonly path: string;
  readonly fields: readonly FieldSpec[];
}

export const HSDS3_TABLES = [
  {
    resource: 'organization',
    path: 'organizations.csv',
    fields: [
      { name: 'id', type: 'string', format: 'uuid', required: true },
      { name: 'name', type: 'string', required: true },
      { name: 'alternate_name', type: 'string' },
      { name: 'description', type: 'string', required: true },
      { name: 'email', type: 'string', format: 'email' },
      { name: 'website', type: 'string', format: 'uri' },
      { name: 'tax_status', type: 'string' },
      { name: 'tax_id', type: 'string' },
      { name: 'year_incorporated', type: 'number' },
      { name: 'legal_status', type: 'string' },
      { name: 'logo', type: 'string' },
      { name: 'uri', type: 'string', format: 'uri' },
      { name: 'parent_organization_id', type: 'string', format: 'uuid' },
    ],
  },
  {
    resource: 'program',
    path: 'programs.csv',
    fields: [
      { name: 'id', type: 'string', format: 'uuid', required: true },
      { name: 'organization_id', type: 'string', format: 'uuid', required: true },
      { name: 'name', type: 'string', required: true },
      { name: 'alternate_name', type: 'string' },
      { name: 'description', type: 'string', required: true },
    ],
  },
  {
    resource: 'service',
    path: 'services.csv',
    fields: [
      { name: 'id', type: 'string', format: 'uuid', required: true },
      { name: 'organization_id', type: 'string', format: 'uuid', required: true },
      { name: 'program_id', type: 'string', format: 'uuid' },
      { name: 'name', type: 'string', required: true },
      { name: 'alternate_name', type: 'string' },
      { name: 'description', type: 'string' },
      { name: 'url', type: 'string', format: 'uri' },
      { name: 'email', type: 'string', format: 'email' },
      { name: 'status', type: 'string', required: true, enum: ['active', 'inactive', 'defunct', 'temporarily closed'] },
      { name: 'interpretation_services', type: 'string' },
      { name: 'application_process', type: 'string' },
      { name: 'fees_description', type: 'string' },
      { name: 'wait_time', type: 'string' },
      { name: 'fees', type: 'string' },
      { name: 'accreditations', type: 'string' },
      { name: 'eligibility_description', type: 'string' },
      { name: 'minimum_age', type: 'number' },
      { name: 'maximum_age', type: 'number' },
      { name: 'assured_date', type: 'date' },
      { name: 'assurer_email', type: 'string', format: 'email' },
      { name: 'licenses', type: 'string' },
      { name: 'alert', type: 'string' },
      { name: 'last_modified', type: 'datetime' },
    ],
  },
  {
    resource: 'attribute',
    path: 'attributes.csv',
    fields: [
      { name: 'id', type: 'string', format: 'uuid', required: true },
      { name: 'link_id', type: 'string', format: 'uuid', required: true },
      { name: 'taxonomy_term_id', type: 'string', format: 'uuid', required: true },
      { name: 'link_type', type: 'string' },
      { name: 'link_entity', type: 'string', required: true },
      { name: 'value', type: 'string' },
    ],
  },
  {
    resource: 'service_at_location',
    path: 'service_at_location.csv',
    fields: [
      { name: 'id', type: 'string', format: 'uuid', required: true },
      { name: 'service_id', type: 'string', format: 'uuid', required: true },
      { name: 'location_id', type: 'string', format: 'uuid', required: true },
      { name: 'description', type: 'string' },
    ],
  },
  {
    resource: 'location',
    path: 'locations.csv',
    fields: [
      { name: 'id', type: 'string', format: 'uuid', required: true },
      { name: 'location_type', type: 'string', required: true, enum: ['physical', 'postal', 'virtual'] },
      { name: 'url', type: 'string', format: 'uri' },
      { name: 'organization_id', type: 'string', format: 'uuid' },
      { name: 'name', type: 'string' },
      { name: 'alternate_name', type: 'string' },
      { name: 'description', type: 'string' },
      { name: 'transportation', type: 'string' },
      { name: 'latitude', type: 'number' },
      { name: 'longitude', type: 'number' },
      { name: 'external_identifier', type: 'string' },
      { name: 'external_identifier_type', type: 'string' },
    ],
  },
  {
    resource: 'phone',
    path: 'phones.csv',
    fields: [
      { name: 'id', type: 'string', format: 'uuid', required: true },
      { name: 'location_id', type: 'string', format: 'uuid' },
      { name: 'service_id', type: 'string', format: 'uuid' },
      { name: 'organization_id', type: 'string', format: 'uuid' },
      { name: 'contact_id', type: 'string', format: 'uuid' },
      { name: 'service_at_location_id', type: 'string', format: 'uuid' },
      { name: 'number', type: 'string', required: true },
      { name: 'extension', type: 'number' },
      { name: 'type', type: 'string' },
      { name: 'description', type: 'string' },
    ],
  },
  {
    resource: 'contact',
    path: 'contacts.csv',
    fields: [
      { name: 'id', type: 'string', format: 'uuid', required: true },
      { name: 'organization_id', type: 'string', format: 'uuid' },
      { name: 'service_id', type: 'string', format: 'uuid' },
      { name: 'service_at_location_id', type: 'string', format: 'uuid' },
      { name: 'location_id', type: 'string', format: 'uuid' },
      { name: 'name', type: 'string' },
      { name: 'title', type: 'string' },
      { name: 'department', type: 'string' },
      { name: 'email', type: 'string', format: 'email' },
    ],
  },
  {
    resource: 'address',
    path: 'addresses.csv',
    fields: [
      { name: 'id', type: 'string', format: 'uuid', required: true },
      { name: 'location_id', type: 'string', format: 'uuid' },
      { name: 'attention', type: 'string' },
      { name: 'address_1', type: 'string', required: true },
      { name: 'address_2', type: 'string' },
      { name: 'city', type: 'string', required: true },
      { name: 'region', type: 'string' },
      { name: 'state_province', type: 'string', required: true },
      { name: 'postal_code', type: 'string', required: true },
      { name: 'country', type: 'string', required: true },
      { name: 'address_type', type: 'string', required: true, enum: ['physical', 'postal', 'virtual'] },
    ],
  },
  {
    resource: 'schedule',
    path: 'schedules.csv',
    fields: [
      { name: 'id', type: 'string', format: 'uuid', required: true },
      { name: 'service_id', type: 'string', format: 'uuid' },
      { name: 'location_id', type: 'string', format: 'uuid' },
      { name: 'service_at_location_id', type: 'string', format: 'uuid' },
      { name: 'valid_from', type: 'date' },
      { name: 'valid_to', type: 'date' },
      { name: 'dtstart', type: 'date' },
      { name: 'timezone', type: 'number' },
      { name: 'until', type: 'date' },
      { name: 'count', type: 'number' },
      { name: 'wkst', type: 'string', enum: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] },
      { name: 'freq', type: 'string', enum: ['WEEKLY', 'MONTHLY'] },
      { name: 'interval', type: 'number' },
      { name: 'byday', type: 'string' },
      { name: 'byweekno', type: 'string' },
      { name: 'bymonthday', type: 'string' },
      { name: 'byyearday', type: 'string' },
      { name: 'description', type: 'string' },
      { name: 'opens_at', type: 'time' },
      { name: 'closes_at', type: 'time' },
      { name: 'schedule_link', type: 'string', format: 'uri' },
      { name: 'attending_type', type: 'string' },
      { name: 'notes', type: 'string' },
    ],
  },
  {
    resource: 'funding',
    path: 'funding.csv',
    fields: [
      { name: 'id', type: 'string', format: 'uuid', required: true },
      { name: 'organization_id', type: 'string', format: 'uuid' },
      { name: 'service_id', type: 'string', format: 'uuid' },
      { name: 'source', type: 'string' },
    ],
  },
  {
    resource: 'service_area',
    path: 'service_areas.csv',
    fields: [
      { name: 'id', type: 'string', format: 'uuid', required: true },
      { name: 'service_id', type: 'string', format: 'uuid' },
      { name: 'name', type: 'string' },
      { name: 'description', type: 'string' },
      { name: 'extent', type: 'string' },
      { name: 'extent_type', type: 'string' },
      { name: 'uri', type: 'string' },
    ],
  },
  {
    resource: 'required_document',
    path: 'required_documents.csv',
    fields: [
      { name: 'id', type: 'string', format: 'uuid', required: true },
      { name: 'service_id', type: 'string', format: 'uuid' },
      { name: 'document', type: 'string' },
      { name: 'uri', type: 'string', format: 'uri' },
    ],
  },
  {
    resource: 'language',
    path: 'languages.csv',
    fields: [
      { name: 'id', type: 'string', format: 'uuid', required: true },
      { name: 'service_id', type: 'string', format: 'uuid' },
      { name: 'location_id', type: 'string', format: 'uuid' },
      { name: 'phone_id', type: 'string', format: 'uuid' },
      { name: 'name', type: 'string' },
      { name: 'code', type: 'string' },
      { name: 'note', type: 'string' },
    ],
  },
  {
    resource: 'accessibility',
    path: 'accessibility.csv',
    fields: [
      { name: 'id', type: 'string', format: 'uuid', required: true },
      { name: 'location_id', type: 'string', format: 'uuid' },
      { name: 'description', type: 'string' },
      { name: 'details', type: 'string' },
      { name: 'url', type: 'string', format: 'uri' },
    ],
  },
  {
    resource: 'taxonomy_term',
    path: 'taxonomy_terms.csv',
    fields: [
      { name: 'id', type: 'string', format: 'uuid', required: true },
      { name: 'code', type: 'string' },
      { name: 'name', type: 'string', required: true },
      { name: 'description', type: 'string', required: true },
      { name: 'parent_id', type: 'string', format: 'uuid' },
      { name: 'taxonomy', type: 'string' },
      { name: 'language', type: 'string' },
      { name: 'taxonomy_id', type: 'string', format: 'uuid' },
      { name: 'term_uri', type: 'string', format: 'uri' },
    ],
  },
  {
    resource: 'metadata',
    path: 'metadata.csv',
    fields: [
      { name: 'id', type: 'string', format: 'uuid', required: true },
      { name: 'resource_id', type: 'string', format: 'uuid', required: true },
      { name: 'resource_type', type: 'string', required: true },
      { name: 'last_action_date', type: 'date', required: true },
      { name: 'last_action_type', type: 'string', required: true },
      { name: 'field_name', type: 'string', required: true },
      { name: 'previous_value', type: 'string', required: true },
      { name: 'replacement_value', type: 'string', required: true },
      { name: 'updated_by', type: 'string', required: true },
    ],
  },
  {
    resource: 'meta_table_description',
    path: 'meta_table_descriptions.csv',
    fields: [
      { name: 'id', type: 'string', format: 'uuid', required: true },
      { name: 'name', type: 'string' },
      { name: 'language', type: 'string' },
      { name: 'character_set', type: 'string' },
    ],
  },
  {
    resource: 'cost_option',
    path: 'cost_options.csv',
    fields: [
      { name: 'id', type: 'string', format: 'uuid', required: true },
      { name: 'service_id', type: 'string', format: 'uuid', required: true },
      { name: 'valid_from', type: 'date' },
      { name: 'valid_to', type: 'date' },
      { name: 'option', type: 'string' },
      { name: 'currency', type: 'string' },
      { name: 'amount', type: 'number' },
      { name: 'amount_description', type: 'string' },
    ],
  },
  {
    resource: 'organization_identifier',
    path: 'organization_identifiers.csv',
    fields: [
      { name: 'id', type: 'string', format: 'uuid', required: true },
      { name: 'organization_id', type: 'string', format: 'uuid', required: true },
      { name: 'identifier_scheme', type: 'string' },
      { name: 'identifier_type', type: 'string', required: true },
      { name: 'identifier', type: 'string', required: true },
    ],
  },
  {
    resource: 'taxonomy',
    path: 'taxonomies.csv',
    fields: [
      { name: 'id', type: 'string', format: 'uuid', required: true },
      { name: 'name', type: 'string', required: true },
      { name: 'description', type: 'string', required: true },
      { name: 'uri', type: 'string', format: 'uri' },
      { name: 'version', type: 'string' },
    ],
  },
] as const satisfies readonly TableSpec[];
