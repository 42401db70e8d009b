import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithUser, createTestApp, type TestApp, type TestUser } from '../../../test/harness/app.ts';
import { systemActor } from '../../core/actor.ts';
import { rowsOf } from '../../db/client.ts';

// Issue 19: what a search entry shows when a service, its locations and its links each carry a
// phone, an address, hours, languages and terms (pb_directory_refresh: its facts, then its rows,
// 0050). A peer reads the entry's phone, address and hours to send someone there: the most
// specific one wins (the service at that location, then the service, then the location).
let t: TestApp;
let peer: TestUser;
const system = systemActor('test');
const SOURCE = 'county-feed';
const DEFAULT_TZ = 'America/Denver';

const csv = (lines: string[]) => new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
const PACKAGE = {
  'organizations.csv': csv(['id,name,description', 'ORG-1,Harbor Network,Food and shelter']),
  'services.csv': csv([
    'id,organization_id,name,description,status,fees_description',
    'SVC-1,ORG-1,Harbor Pantry,Groceries every week,active,Free',
    'SVC-2,ORG-1,Harbor Shelter,Beds for the night,active,',
    'SVC-3,ORG-1,Harbor Helpline,Call for help,active,$5 per call',
  ]),
  'locations.csv': csv(['id,location_type,name,latitude,longitude', 'LOC-1,physical,Harbor Main,41.88,-87.63', 'LOC-2,physical,Harbor East,41.89,-87.60']),
  'service_at_location.csv': csv(['id,service_id,location_id', 'SAL-1,SVC-1,LOC-1', 'SAL-2,SVC-1,LOC-2', 'SAL-3,SVC-2,LOC-2']),
  // The physical address is shown, not the mailing one.
  'addresses.csv': csv([
    'id,location_id,address_1,city,state_province,postal_code,country,address_type',
    'ADR-1,LOC-1,PO Box 5,Chicago,IL,60690,US,postal',
    'ADR-2,LOC-1,12 Main St,Chicago,IL,60601,US,physical',
  ]),
  'phones.csv': csv([
    'id,service_at_location_id,service_id,location_id,number',
    'PH-1,SAL-1,,,(312) 555-0001',
    'PH-2,,SVC-1,,(312) 555-0002',
    'PH-3,,,LOC-2,(312) 555-0003',
  ]),
  'schedules.csv': csv([
    'id,service_at_location_id,service_id,location_id,freq,byday,opens_at,closes_at',
    'SCH-1,SAL-1,,,WEEKLY,MO,09:00,17:00',
    'SCH-2,,SVC-1,,WEEKLY,TU,09:00,12:00',
    'SCH-3,,,LOC-2,WEEKLY,WE,10:00,14:00',
  ]),
  'languages.csv': csv(['id,service_id,location_id,code,name', 'LANG-1,SVC-1,,es,Spanish', 'LANG-2,,LOC-1,ht,Haitian Creole']),
  'taxonomy_terms.csv': csv(['id,code,name,description', 'TERM-1,BD-1800.2000,Food Pantries,Places that give groceries', 'TERM-2,BH-1800,Emergency Shelter,Beds']),
  'attributes.csv': csv(['id,link_id,taxonomy_term_id,link_entity', 'ATT-1,SVC-1,TERM-1,service', 'ATT-2,SVC-2,TERM-2,service']),
};

interface Entry {
  name: string;
  location_name: string | null;
  address: string | null;
  postal_code: string | null;
  time_zone: string;
  phone: string | null;
  languages: string[];
  categories: string[];
  free: boolean;
  terms: string;
  days: string[];
  open_hours: string | null;
}

const entries = async (): Promise<Entry[]> =>
  rowsOf<Entry>(
    await t.database.db.owner((tx) =>
      tx.execute(sql`select d.name, l.name as location_name, d.address, d.postal_code, d.time_zone, d.phone, d.languages,
          d.categories, d.free, d.terms, array(select s->>'byday' from jsonb_array_elements(d.schedules) s order by 1) as days,
          d.open_hours::text as open_hours
        from directory_search d left join hsds_location l on l.id = d.location_id
        where d.service_id in (select id from hsds_service where pb_source = ${SOURCE})
        order by d.name, l.name nulls first`),
    ),
  );

beforeAll(async () => {
  t = await createTestApp();
  peer = await createOrgWithUser(t, 'peer', 'Search Rows Agency');
  const r = await t.services.directory.importDirectory(system, { files: PACKAGE }, { source: SOURCE, defaultTimeZone: DEFAULT_TZ });
  expect(r.errors).toBe(0);
  expect(r.servicesIndexed).toBe(3);
});
afterAll(() => t?.close());

describe('search entries: the most specific phone, address and hours', () => {
  it('one entry per service and location, one for a service with no location', async () => {
    expect((await entries()).map((e) => [e.name, e.location_name])).toEqual([
      ['Harbor Helpline', null],
      ['Harbor Pantry', 'Harbor East'],
      ['Harbor Pantry', 'Harbor Main'],
      ['Harbor Shelter', 'Harbor East'],
    ]);
  });

  it('the phone, address, hours and languages each entry shows', async () => {
    const [helpline, pantryEast, pantryMain, shelterEast] = await entries();
    // The service at this location has its own phone and hours; the location's languages join the service's.
    expect(pantryMain).toMatchObject({
      phone: '(312) 555-0001',
      address: '12 Main St, Chicago, IL 60601',
      postal_code: '60601',
      time_zone: 'America/Chicago',
      days: ['MO'],
      languages: ['es', 'haitian creole', 'ht', 'spanish'],
    });
    // At the other location the service's own phone and hours apply; no address there.
    expect(pantryEast).toMatchObject({ phone: '(312) 555-0002', address: null, postal_code: null, time_zone: DEFAULT_TZ, days: ['TU'], languages: ['es', 'spanish'] });
    // A service with neither: the location's phone and hours.
    expect(shelterEast).toMatchObject({ phone: '(312) 555-0003', days: ['WE'], languages: [] });
    expect(helpline).toMatchObject({ phone: null, address: null, time_zone: DEFAULT_TZ, days: [], open_hours: '{}' });
    expect(pantryMain!.open_hours).toMatch(/^\{\[/);
  });

  it('terms, categories and free of charge', async () => {
    const [helpline, pantryEast, pantryMain, shelterEast] = await entries();
    expect(pantryMain).toMatchObject({ free: true, categories: ['food'], terms: 'Food Pantries BD-1800.2000 Places that give groceries' });
    expect(pantryEast).toMatchObject({ free: true, categories: ['food'] });
    expect(shelterEast).toMatchObject({ free: false, categories: ['housing', 'shelter'] });
    expect(helpline).toMatchObject({ free: false, categories: [], terms: '' });
  });

  it('staff search finds them by words, language and category', async () => {
    const names = async (query: string) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/directory/search?${query}&pageSize=100`, headers: { authorization: peer.auth } });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().results as { name: string }[]).map((r) => r.name).filter((n) => n.startsWith('Harbor')).sort();
    };
    expect(await names('q=pantry')).toEqual(['Harbor Pantry']);
    expect(await names('q=harbor&language=ht')).toEqual(['Harbor Pantry']);
    expect(await names('q=harbor&taxonomy=shelter')).toEqual(['Harbor Shelter']);
  });
});
