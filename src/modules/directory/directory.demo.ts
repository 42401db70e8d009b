import { systemActor } from '../../core/actor.ts';
import { realExport } from '../../interop/hsds/county-211-export.ts';
import type { DemoContext } from '../demo-context.ts';
import { localServiceInput } from './directory.schemas.ts';

/**
 * Demo local resources for `peerbridge demo`: invented places on Chicago's near west side, the
 * kind a peer keeps in their head (a pantry open Thursday evening, a respite with a bed tonight).
 * Local resources, visible only to the demo agency; the shared directory ships 988 and 211.
 */
const DEMO_RESOURCES = [
  {
    name: 'Westside Community Food Pantry',
    organizationName: 'Ashland Avenue Mutual Aid',
    description: 'Groceries once a week, fresh produce on Thursdays; no ID or proof of income needed. Despensa de alimentos, se habla español.',
    categories: ['food'],
    phone: '(312) 555-0141',
    address: '1410 W Lake St, Chicago, IL 60607',
    postalCode: '60607',
    lat: 41.8855,
    lon: -87.6627,
    languages: ['en', 'es'],
    eligibility: 'Anyone; one visit per household per week.',
    free: true,
    schedules: [
      { byday: 'TU,TH', opens_at: '16:00', closes_at: '19:00' },
      { byday: 'SA', opens_at: '09:00', closes_at: '12:00' },
    ],
  },
  {
    name: 'Harbor Light Overnight Shelter',
    organizationName: 'Harbor Light Housing Collective',
    description: 'Low-barrier overnight shelter for adults, 40 beds; intake from 7 pm. Pets in carriers allowed. Albergue nocturno.',
    categories: ['shelter', 'housing'],
    phone: '(312) 555-0162',
    address: '2250 W Madison St, Chicago, IL 60612',
    postalCode: '60612',
    lat: 41.8811,
    lon: -87.6835,
    languages: ['en'],
    eligibility: 'Adults 18 and over. A record is not a barrier.',
    free: true,
    schedules: [{ byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '19:00', closes_at: '08:00' }],
    beds: { available: 6, total: 40 },
  },
  {
    name: 'Crossroads Withdrawal Management Unit',
    organizationName: 'Crossroads Recovery Health',
    description: 'Medically monitored detox for alcohol and opioids, 3 to 7 days, with aftercare planning and a peer recovery coach on every shift.',
    categories: ['detox', 'substance-use'],
    phone: '(312) 555-0187',
    address: '901 S Ashland Ave, Chicago, IL 60607',
    postalCode: '60607',
    lat: 41.8702,
    lon: -87.6665,
    languages: ['en', 'es', 'pl'],
    eligibility: 'Adults; Medicaid, Medicare and uninsured accepted (sliding scale).',
    free: false,
    schedules: [{ byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '00:00', closes_at: '00:00', description: 'Admissions 24/7' }],
  },
  {
    name: 'Sunrise House Peer Respite',
    organizationName: 'Sunrise Peer Collective',
    description: 'A home-like peer-run respite: up to 7 nights for people in emotional distress, as an alternative to the emergency room. Staffed by peers around the clock.',
    categories: ['peer-respite', 'mental-health'],
    phone: '(773) 555-0120',
    address: '3115 W Fulton Blvd, Chicago, IL 60612',
    postalCode: '60612',
    lat: 41.8866,
    lon: -87.7045,
    languages: ['en', 'es'],
    eligibility: 'Adults 18+ who self-refer; call first to talk with a peer.',
    free: true,
    schedules: [{ byday: 'MO,TU,WE,TH,FR,SA,SU', opens_at: '00:00', closes_at: '00:00', description: 'Phone line and stays 24/7' }],
    beds: { available: 2, total: 5 },
  },
  {
    name: 'Lakeview Bridge Clinic (MOUD)',
    organizationName: 'Lakeview Bridge Health',
    description: 'Same-day buprenorphine starts and methadone referrals; telehealth follow-ups; naloxone kits free at the desk. Medicamentos para el trastorno por consumo de opioides.',
    categories: ['moud', 'substance-use', 'health'],
    phone: '(312) 555-0109',
    address: '1650 W Harrison St, Chicago, IL 60612',
    postalCode: '60612',
    lat: 41.8741,
    lon: -87.6688,
    languages: ['en', 'es'],
    eligibility: 'Anyone 16 and over; Medicaid accepted; no one turned away for inability to pay.',
    free: false,
    schedules: [
      { byday: 'MO,TU,WE,TH,FR', opens_at: '08:00', closes_at: '18:00' },
      { byday: 'SA', opens_at: '09:00', closes_at: '13:00' },
    ],
  },
];

export const seedDirectory = async (ctx: DemoContext): Promise<string[]> => {
  const { directory } = ctx.services;
  const ids = new Map<string, string>();
  for (const { beds, ...resource } of DEMO_RESOURCES) {
    const created = await directory.createLocalService(ctx.actor, localServiceInput.parse({ ...resource, timeZone: 'America/Chicago' }));
    ids.set(resource.name, created.serviceId);
    if (beds) await directory.putBeds(ctx.actor, created.serviceId, beds);
  }
  // For the referral seeder.
  ctx.shared.localServiceIds = ids;
  // The shared directory as a county 211 fills it: its export imported as the CLI does each night,
  // with the problems real exports have (a service whose organization is missing, hours without
  // pm, ids that are not UUIDs), so the import page's history has a run and a row report to show.
  const county = await directory.importDirectory(systemActor('demo'), { files: realExport() }, { source: 'county-211', defaultTimeZone: 'America/Chicago' });
  const services = county.counts['service'];
  const imported = services ? services.inserted + services.updated + services.unchanged : 0;
  // Its codes no category covers yet (a tenant support group, AIRS PH-6500), for the operator to map.
  const unmapped = await directory.categoryMap.unmapped(systemActor('demo'));
  return [
    `Directory: ${DEMO_RESOURCES.length} local resources (food pantry, shelter and peer respite with beds, detox, MOUD clinic); 988 and 211 are national entries.`,
    `Directory: a county 211 export imported into the shared directory (${imported} services, ${county.errors} errors, ${county.warnings} warnings in its row report); an instance operator sees it under Directory import (npx peerbridge operator grant --email <admin's email>), and under Needs and feed codes the ${unmapped.length === 1 ? 'code' : `${unmapped.length} codes`} of it no need covers yet (${unmapped.map((c) => c.code).join(', ')}).`,
  ];
};
