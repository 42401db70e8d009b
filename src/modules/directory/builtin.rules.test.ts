import { describe, expect, it } from 'vitest';
import { emptyDirectory, type Directory, type ResourceName } from '../../interop/hsds/model.ts';
import { withoutBuiltinRows } from './builtin.rules.ts';

const SERVICE_988 = '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5c01';
const CRISIS_TERM = '6f1c2a4e-5b7d-4c1e-9a3f-0b8d7e6c5a01';
const builtin = new Map<string, ResourceName>([
  [SERVICE_988, 'service'],
  [CRISIS_TERM, 'taxonomy_term'],
]);

const dir = (parts: Partial<Record<keyof Directory, Array<Record<string, string>>>>): Directory => ({ ...emptyDirectory(), ...parts }) as unknown as Directory;

describe('withoutBuiltinRows', () => {
  it('drops a built-in row and what hangs from it, reporting each as a skipped row', () => {
    const r = withoutBuiltinRows(
      dir({
        services: [
          { id: SERVICE_988, organization_id: 'o1', name: 'Not 988' },
          { id: 's2', organization_id: 'o1', name: 'A warmline' },
        ],
        phones: [
          { id: 'p1', service_id: SERVICE_988, number: '555' },
          { id: 'p2', service_id: 's2', number: '556' },
        ],
        service_at_location: [{ id: 'sal1', service_id: SERVICE_988, location_id: 'l1' }],
        schedules: [{ id: 'sc1', service_at_location_id: 'sal1' }],
        attributes: [
          { id: 'a1', link_id: 's2', link_entity: 'service', taxonomy_term_id: CRISIS_TERM },
          { id: 'a2', link_id: SERVICE_988, link_entity: 'service', taxonomy_term_id: CRISIS_TERM },
        ],
      }),
      builtin,
    );
    expect(r.directory.services.map((s) => s.id)).toEqual(['s2']);
    expect(r.directory.phones.map((s) => s.id)).toEqual(['p2']);
    expect(r.directory.service_at_location).toEqual([]);
    expect(r.directory.schedules).toEqual([]);
    // Filing a new service under a built-in category uses it without changing it.
    expect(r.directory.attributes.map((a) => a.id)).toEqual(['a1']);
    expect(r.report.map((p) => `${p.file}:${p.row}:${p.field}`)).toEqual([
      'services.csv:1:id',
      'service_at_location.csv:1:service_id',
      'phones.csv:1:service_id',
      'schedules.csv:1:service_at_location_id',
      'attributes.csv:2:link_id',
    ]);
    expect(r.report.every((p) => p.severity === 'error')).toBe(true);
  });

  it("keeps the services a feed files under a built-in category whose term it carries (an HSDS package carries the terms it names)", () => {
    const r = withoutBuiltinRows(
      dir({
        services: [{ id: 's2', organization_id: 'o1', name: 'A crisis line' }],
        taxonomy_terms: [{ id: CRISIS_TERM, code: 'crisis-line', name: 'Crisis line (their wording)' }],
        attributes: [{ id: 'a1', link_id: 's2', link_entity: 'service', taxonomy_term_id: CRISIS_TERM }],
      }),
      builtin,
    );
    // The built-in term is not changed; the service stays filed under it.
    expect(r.directory.taxonomy_terms).toEqual([]);
    expect(r.directory.attributes.map((a) => a.id)).toEqual(['a1']);
    expect(r.report.map((p) => `${p.file}:${p.row}:${p.field}:${p.severity}`)).toEqual(['taxonomy_terms.csv:1:id:warning']);
  });

  it('leaves an import without built-in rows as it was', () => {
    const d = dir({ services: [{ id: 's2', organization_id: 'o1', name: 'A warmline' }] });
    const r = withoutBuiltinRows(d, builtin);
    expect(r.report).toEqual([]);
    expect(r.directory.services).toEqual(d.services);
  });
});
