/** Resources into a `collection` Bundle. */
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { PART2_LABELS } from './codes.ts';

/**
 * Every entry's fullUrl is `<base>/<type>/<id>`, so the relative references between them
 * (`Patient/…`) resolve inside the bundle. When any entry carries the Part 2 labels, the bundle
 * carries them too (the high-water mark of DS4P): whoever holds it sees the restriction at once.
 */
export const toCollection = (base: string, resources: readonly Resource[], timestamp: Date): Bundle => {
  const part2 = resources.some((r) => r.meta?.security?.some((c) => c.code === '42CFRPart2'));
  return {
    resourceType: 'Bundle',
    ...(part2 ? { meta: { security: PART2_LABELS.map((c) => ({ ...c })) } } : {}),
    type: 'collection',
    timestamp: timestamp.toISOString(),
    entry: resources.map((resource) => ({ fullUrl: `${base.replace(/\/$/, '')}/${resource.resourceType}/${resource.id}`, resource })),
  };
};
