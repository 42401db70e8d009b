// Reader for HSDS 1.x/2.x tabular packages, which 211 systems still export (the 1.1 sample in
// hsds-1.1-sample-datapackage/ shows the layout). Each old table is mapped onto HSDS 3.0:
//
//   physical_addresses / postal_addresses  -> addresses (address_type physical / postal;
//                                             address_3, address_4 folded into address_2)
//   regular_schedules (weekday, opens_at)   -> schedules (freq WEEKLY, byday MO..SU)
//   holiday_schedules (closed, start/end)   -> schedules (valid_from/valid_to; a closure has no
//                                             opening times, see schedule.ts)
//   services_taxonomy, services.taxonomy_ids -> attributes linking services to taxonomy_terms
//   taxonomy (vocabulary)                   -> taxonomy_terms (+ one taxonomies row per vocabulary)
//   eligibility                             -> services.eligibility_description
//   payments_accepted                       -> appended to services.fees_description
//   accessibility_for_disabilities          -> accessibility
//   phones.language                         -> languages linked by phone_id
//   organizations.url                       -> organizations.website
//   services.fees                           -> services.fees_description
//
// Fields HSDS 3.0 requires but the old versions did not have are filled with a warning
// (location_type, program/term/taxonomy description, service status).
import { buildDirectory } from './build.ts';
import type { RawRow } from './build.ts';
import { stableId } from './ids.ts';
import { HsdsImportError, TABLE_BY_RESOURCE } from './model.ts';
import { languageCode } from './normalize.ts';
import type { ImportOptions, ImportResult, ReportRow, ResourceName } from './model.ts';
import { addLines, readCsvFile, reportUnknownColumns, usableHeader } from './read-hsds3-csv.ts';
import type { FileSet } from './read-hsds3-csv.ts';
import { note, said, type Note } from './report-notes.ts';

/** Old file names (first one found wins) for each legacy table. */
export const LEGACY_FILES = {
  organizations: ['organizations.csv', 'organization.csv'],
  programs: ['programs.csv', 'program.csv'],
  services: ['services.csv', 'service.csv'],
  services_taxonomy: ['services_taxonomy.csv', 'service_taxonomy.csv'],
  services_at_location: ['services_at_location.csv', 'service_at_location.csv', 'services_at_locations.csv'],
  locations: ['locations.csv', 'location.csv'],
  phones: ['phones.csv', 'phone.csv'],
  contacts: ['contacts.csv', 'contact.csv'],
  physical_addresses: ['physical_addresses.csv', 'physical_address.csv'],
  postal_addresses: ['postal_addresses.csv', 'postal_address.csv'],
  regular_schedules: ['regular_schedules.csv', 'regular_schedule.csv'],
  holiday_schedules: ['holiday_schedules.csv', 'holiday_schedule.csv'],
  funding: ['funding.csv', 'fundings.csv'],
  eligibility: ['eligibility.csv', 'eligibilities.csv'],
  service_areas: ['service_areas.csv', 'service_area.csv'],
  required_documents: ['required_documents.csv', 'required_document.csv'],
  payments_accepted: ['payments_accepted.csv', 'payment_accepted.csv'],
  languages: ['languages.csv', 'language.csv'],
  accessibility_for_disabilities: ['accessibility_for_disabilities.csv'],
  taxonomy: ['taxonomy.csv', 'taxonomies.csv'],
  metadata: ['metadata.csv'],
  meta_table_descriptions: ['meta_table_descriptions.csv', 'meta_table_description.csv'],
} as const;

/** File names that only the 1.x/2.x layout has (detectFormat uses them). */
export const LEGACY_ONLY_FILES: readonly string[] = [
  'physical_addresses.csv',
  'postal_addresses.csv',
  'regular_schedules.csv',
  'holiday_schedules.csv',
  'services_taxonomy.csv',
  'services_at_location.csv',
  'taxonomy.csv',
  'eligibility.csv',
  'accessibility_for_disabilities.csv',
  'payments_accepted.csv',
];

function languageFields(value: string): Record<string, string> {
  const v = value.trim();
  if (/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(v)) return { code: v };
  const code = languageCode(v);
  return code ? { name: v, code } : { name: v };
}

type Values = Record<string, string>;
const has = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

export function readHsdsLegacyCsv(files: FileSet, options: ImportOptions = {}): ImportResult {
  const source = options.source ?? 'hsds';
  const report: ReportRow[] = [];
  const raw: RawRow[] = [];
  const used = new Set<string>(['datapackage.json']);
  const lines = new Map<string, number[]>();
  let tablesFound = 0;

  const read = (
    table: keyof typeof LEGACY_FILES,
    columns: readonly string[],
  ): { file: string; records: { row: number; line: number; values: Values }[] } | undefined => {
    const file = LEGACY_FILES[table].find((f) => files[f] !== undefined);
    if (!file) return undefined;
    used.add(file);
    const parsed = readCsvFile(files, file, report, lines);
    if (!parsed) return undefined;
    if (!usableHeader(file, parsed.header, new Set(columns), report)) return undefined;
    tablesFound++;
    reportUnknownColumns(file, parsed.header, new Set(columns), parsed.records, report);
    return { file, records: parsed.records };
  };
  const fieldsOf = (resource: ResourceName): string[] =>
    TABLE_BY_RESOURCE.get(resource)!.fields.map((f) => f.name);
  const push = (resource: ResourceName, file: string, row: number, values: Record<string, unknown>, extra: Partial<RawRow> = {}): void => {
    raw.push({ resource, file, row, prefix: '', values, ...extra });
  };
  const warn = (file: string, row: number, field: string, why: Note): void => {
    report.push({ file, row, field, ...said(why), severity: 'warning' });
  };
  /** Fill a field HSDS 3.0 requires and the old layout lacked. */
  const fill = (file: string, row: number, v: Values, field: string, value: string | undefined, why: Note): void => {
    if (has(v[field]) || value === undefined || value.trim() === '') return;
    v[field] = value;
    warn(file, row, field, why);
  };
  /**
   * A description 1.x tables lack (programs, taxonomy terms) is the row's name: a fact of the
   * format, not of each row, so it is reported once per file with its count (a 211 taxonomy file
   * has thousands of terms, and one line each would bury the report's real problems).
   */
  const nameAsDescription = (file: string, rows: readonly { row: number; values: Values }[]): void => {
    let first: number | undefined;
    let n = 0;
    for (const r of rows) {
      const v = r.values;
      if (has(v['description']) || !has(v['name'])) continue;
      v['description'] = v['name']!;
      first ??= r.row;
      n++;
    }
    if (first !== undefined) {
      warn(file, first, 'description', n === 1 ? note('descriptionFromName') : note('descriptionsFromNames', { count: n }));
    }
  };

  // Organizations: 1.x `url` is 3.0 `website`.
  const orgs = read('organizations', [...fieldsOf('organization'), 'url']);
  for (const r of orgs?.records ?? []) {
    const v = { ...r.values };
    if (!has(v['website']) && has(v['url'])) v['website'] = v['url'];
    push('organization', orgs!.file, r.row, v);
  }

  const programs = read('programs', fieldsOf('program'));
  const programRows = (programs?.records ?? []).map((r) => ({ row: r.row, values: { ...r.values } }));
  if (programs) nameAsDescription(programs.file, programRows);
  for (const r of programRows) push('program', programs!.file, r.row, r.values);

  // Services; eligibility and payments are folded in before the rows are built.
  const services = read('services', [...fieldsOf('service'), 'taxonomy_ids', 'fees']);
  const serviceValues = new Map<string, Values>();
  const serviceRows: { row: number; values: Values }[] = [];
  for (const r of services?.records ?? []) {
    const v = { ...r.values };
    if (has(v['fees']) && !has(v['fees_description'])) v['fees_description'] = v['fees']!;
    delete v['fees'];
    if (!has(v['status'])) {
      v['status'] = 'active';
      warn(services!.file, r.row, 'status', note('statusAssumed'));
    }
    if (has(v['id'])) serviceValues.set(v['id'].trim(), v);
    serviceRows.push({ row: r.row, values: v });
  }
  const appendToService = (file: string, row: number, serviceId: string | undefined, field: string, text: string): void => {
    const s = has(serviceId) ? serviceValues.get(serviceId.trim()) : undefined;
    if (!s) {
      report.push({ file, row, field: 'service_id', ...said(note('rowSkipped', { why: note('refersToMissing', { table: 'service', value: serviceId ?? '' }) })), severity: 'error' });
      return;
    }
    s[field] = has(s[field]) ? `${s[field]}; ${text}` : text;
  };
  const eligibility = read('eligibility', ['id', 'service_id', 'eligibility']);
  for (const r of eligibility?.records ?? []) {
    if (has(r.values['eligibility'])) {
      appendToService(eligibility!.file, r.row, r.values['service_id'], 'eligibility_description', r.values['eligibility'].trim());
    }
  }
  const payments = read('payments_accepted', ['id', 'service_id', 'payment']);
  const paymentsByService = new Map<string, string[]>();
  for (const r of payments?.records ?? []) {
    const sid = r.values['service_id']?.trim() ?? '';
    if (!has(r.values['payment'])) continue;
    if (!serviceValues.has(sid)) {
      appendToService(payments!.file, r.row, sid, 'fees_description', '');
      continue;
    }
    paymentsByService.set(sid, [...(paymentsByService.get(sid) ?? []), r.values['payment'].trim()]);
  }
  for (const [sid, list] of paymentsByService) {
    appendToService(payments!.file, 0, sid, 'fees_description', `Payment accepted: ${list.join(', ')}`);
  }
  if (paymentsByService.size > 0) {
    warn(payments!.file, 0, 'payment', note('paymentsAppended'));
  }
  for (const r of serviceRows) {
    const v = r.values;
    // Deprecated 1.x `taxonomy_ids`: a comma separated list of taxonomy ids.
    if (has(v['taxonomy_ids'])) {
      for (const tid of v['taxonomy_ids'].split(',').map((x) => x.trim()).filter((x) => x !== '')) {
        push('attribute', services!.file, r.row, {
          id: `service:${v['id'] ?? ''}:taxonomy:${tid}`,
          link_id: v['id'],
          link_entity: 'service',
          link_type: 'service_taxonomy',
          taxonomy_term_id: tid,
        }, { synthetic: true, prefix: 'taxonomy_ids:' });
      }
    }
    delete v['taxonomy_ids'];
    push('service', services!.file, r.row, v);
  }

  const st = read('services_taxonomy', ['id', 'service_id', 'taxonomy_id', 'taxonomy_detail']);
  for (const r of st?.records ?? []) {
    const v = r.values;
    push('attribute', st!.file, r.row, {
      id: v['id'],
      link_id: v['service_id'],
      link_entity: 'service',
      link_type: 'service_taxonomy',
      taxonomy_term_id: v['taxonomy_id'],
      value: v['taxonomy_detail'],
    });
  }

  const sal = read('services_at_location', fieldsOf('service_at_location'));
  for (const r of sal?.records ?? []) push('service_at_location', sal!.file, r.row, r.values);

  // Addresses first, so each location's type can follow its addresses.
  const addressKinds = new Map<string, Set<string>>();
  for (const [table, type] of [['physical_addresses', 'physical'], ['postal_addresses', 'postal']] as const) {
    const a = read(table, [...fieldsOf('address'), 'address_3', 'address_4']);
    for (const r of a?.records ?? []) {
      const v: Values = { ...r.values, address_type: type };
      const extra = [v['address_2'], v['address_3'], v['address_4']].filter(has).map((x) => x.trim());
      if (extra.length > 0) v['address_2'] = extra.join(', ');
      delete v['address_3'];
      delete v['address_4'];
      if (has(v['location_id'])) {
        const k = v['location_id'].trim();
        addressKinds.set(k, (addressKinds.get(k) ?? new Set()).add(type));
      }
      push('address', a!.file, r.row, v);
    }
  }

  const locations = read('locations', fieldsOf('location'));
  for (const r of locations?.records ?? []) {
    const v = { ...r.values };
    if (!has(v['location_type'])) {
      // HSDS 1.x locations were places; one with only a postal address is a mailing address.
      const kinds = addressKinds.get(v['id']?.trim() ?? '');
      v['location_type'] = kinds && !kinds.has('physical') && kinds.has('postal') ? 'postal' : 'physical';
    }
    push('location', locations!.file, r.row, v);
  }

  const phones = read('phones', [...fieldsOf('phone'), 'language']);
  for (const r of phones?.records ?? []) {
    const v = { ...r.values };
    if (has(v['language'])) {
      for (const lang of v['language'].split(/[,;]/).map((x) => x.trim()).filter((x) => x !== '')) {
        push('language', phones!.file, r.row, {
          id: `phone:${v['id'] ?? ''}:language:${lang}`,
          phone_id: v['id'],
          ...languageFields(lang),
        }, { synthetic: true, prefix: 'language:' });
      }
    }
    delete v['language'];
    push('phone', phones!.file, r.row, v);
  }

  const contacts = read('contacts', fieldsOf('contact'));
  for (const r of contacts?.records ?? []) push('contact', contacts!.file, r.row, r.values);

  const regular = read('regular_schedules', [...fieldsOf('schedule'), 'weekday']);
  for (const r of regular?.records ?? []) {
    const v = { ...r.values };
    if (has(v['weekday']) && !has(v['byday'])) v['byday'] = v['weekday'];
    delete v['weekday'];
    if (has(v['byday']) && !has(v['freq'])) v['freq'] = 'WEEKLY';
    push('schedule', regular!.file, r.row, v);
  }

  const holiday = read('holiday_schedules', [...fieldsOf('schedule'), 'closed', 'start_date', 'end_date']);
  for (const r of holiday?.records ?? []) {
    const v = { ...r.values };
    const closed = /^(true|yes|y|1|t)$/i.test(v['closed']?.trim() ?? '');
    const out: Record<string, unknown> = {
      // Holiday and regular schedule ids may repeat across the two old tables (the 1.1 sample
      // does): give holiday rows their own stable id.
      id: has(v['id']) ? stableId(source, 'holiday_schedule', `holiday:${v['id'].trim()}`) : undefined,
      service_id: v['service_id'],
      location_id: v['location_id'],
      service_at_location_id: v['service_at_location_id'],
      valid_from: v['start_date'],
      valid_to: has(v['end_date']) ? v['end_date'] : v['start_date'],
      description: closed ? 'Closed' : 'Holiday hours',
    };
    if (!closed) {
      out['opens_at'] = v['opens_at'];
      out['closes_at'] = v['closes_at'];
    }
    if (!has(v['start_date'])) {
      report.push({ file: holiday!.file, row: r.row, field: 'start_date', ...said(note('rowSkipped', { why: note('requiredMissing', { field: 'start_date' }) })), severity: 'error' });
      continue;
    }
    push('schedule', holiday!.file, r.row, out, has(v['id']) ? { sourceId: v['id'].trim() } : {});
  }

  for (const [table, resource] of [
    ['funding', 'funding'],
    ['required_documents', 'required_document'],
    ['meta_table_descriptions', 'meta_table_description'],
  ] as const) {
    const t = read(table, fieldsOf(resource));
    for (const r of t?.records ?? []) push(resource, t!.file, r.row, r.values);
  }

  const areas = read('service_areas', [...fieldsOf('service_area'), 'service_area']);
  for (const r of areas?.records ?? []) {
    const v = { ...r.values };
    if (has(v['service_area']) && !has(v['name'])) v['name'] = v['service_area'];
    delete v['service_area'];
    push('service_area', areas!.file, r.row, v);
  }

  const langs = read('languages', [...fieldsOf('language'), 'language']);
  for (const r of langs?.records ?? []) {
    const v: Values = { ...r.values };
    if (has(v['language'])) Object.assign(v, languageFields(v['language']), v['name'] ? { name: v['name'] } : {});
    delete v['language'];
    push('language', langs!.file, r.row, v);
  }

  const acc = read('accessibility_for_disabilities', [...fieldsOf('accessibility'), 'accessibility']);
  for (const r of acc?.records ?? []) {
    const v = { ...r.values };
    if (has(v['accessibility']) && !has(v['description'])) v['description'] = v['accessibility'];
    delete v['accessibility'];
    push('accessibility', acc!.file, r.row, v);
  }

  // Taxonomy: the 1.x table holds terms; `vocabulary` names the taxonomy they come from.
  const tax = read('taxonomy', [...fieldsOf('taxonomy_term'), 'parent_name', 'vocabulary']);
  const vocabularies = new Map<string, number>();
  const termRows = (tax?.records ?? []).map((r) => ({ row: r.row, values: { ...r.values } }));
  if (tax) nameAsDescription(tax.file, termRows);
  for (const r of termRows) {
    const v = r.values;
    if (has(v['vocabulary'])) {
      const vocab = v['vocabulary'].trim();
      if (!vocabularies.has(vocab)) vocabularies.set(vocab, r.row);
      v['taxonomy_id'] = `vocabulary:${vocab}`;
      if (!has(v['taxonomy'])) v['taxonomy'] = vocab;
    }
    delete v['vocabulary'];
    delete v['parent_name'];
    push('taxonomy_term', tax!.file, r.row, v);
  }
  for (const [vocab, row] of vocabularies) {
    push('taxonomy', tax!.file, row, { id: `vocabulary:${vocab}`, name: vocab, description: vocab }, { synthetic: true, prefix: 'vocabulary:' });
  }

  const meta = read('metadata', fieldsOf('metadata'));
  for (const r of meta?.records ?? []) {
    const v = { ...r.values };
    for (const f of ['last_action_type', 'field_name', 'previous_value', 'replacement_value', 'updated_by']) {
      // A `create` has no previous value; HSDS 3.0 still requires the column to be filled.
      fill(meta!.file, r.row, v, f, has(v[f]) ? undefined : '(none)', note('noneWritten', { field: f }));
    }
    push('metadata', meta!.file, r.row, v);
  }

  for (const name of Object.keys(files)) {
    if (used.has(name) || !name.toLowerCase().endsWith('.csv')) continue;
    warn(name, 0, '', note('notLegacyTable'));
  }
  if (tablesFound === 0) {
    throw new HsdsImportError('unknown-format', 'no usable HSDS 1.x/2.x CSV table in the package; nothing imported', report);
  }
  const result = buildDirectory(raw, { ...options, duplicates: 'error' }, report);
  addLines(result.report, lines);
  return result;
}
