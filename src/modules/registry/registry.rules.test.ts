import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordOfPeer, type PeerForSnapshot } from './build.rules.ts';
import { DEFAULT_POLICY } from '../../core/suppression.rules.ts';
import { parseAcsFile } from './acs.rules.ts';
import { headcountTable, median, representation } from './analytics.rules.ts';
import { raceGroupOf } from './demographics.rules.ts';
import { isKnownCounty } from './geography.ts';
import { parseHpsaFile, shortageCounties } from './hpsa.rules.ts';
import { decodeText, FatalImportError } from './import.rules.ts';
import { checkRecord, personKeyOf, type SubmittedRecord } from './snapshot.rules.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../../test/fixtures/registry', name), 'utf8');

describe('HRSA mental health HPSA file', () => {
  const { components, problems } = parseHpsaFile('BCD_HPSA_FCT_DET_MH.csv', fixture('BCD_HPSA_FCT_DET_MH.csv'));

  it('reads every component despite the trailing comma and quoted commas, one row per component', () => {
    expect(components.map((c) => c.hpsaId)).toContain('7269990002');
    expect(components.filter((c) => c.hpsaId === '7269990002').map((c) => c.countyFips)).toEqual(['26103', '26061']);
    expect(components.find((c) => c.hpsaId === '7269990002')!.name).toBe('Upper Peninsula, Central');
  });

  it('keeps a non-county component (XXXXX) without a county and restores a lost leading zero with a warning', () => {
    expect(components.find((c) => c.hpsaId === '7269990004')!.countyFips).toBeNull();
    expect(components.find((c) => c.hpsaId === '1019990001')!.countyFips).toBe('01001');
    expect(problems.some((p) => p.severity === 'warning' && /leading zero/.test(p.message))).toBe(true);
    expect(problems.some((p) => /Unknown county code "99999"/.test(p.message) && p.line === 9)).toBe(true);
  });

  it('counts designations in force by county: withdrawn ones do not count', () => {
    const counties = shortageCounties(components);
    expect([...counties.keys()].sort()).toEqual(['01001', '26061', '26095', '26103', '26163']);
    expect(counties.has('26161')).toBe(false); // Washtenaw: Withdrawn
  });

  it('refuses another discipline and a file that is not an HPSA file, naming the file', () => {
    const primaryCare = fixture('BCD_HPSA_FCT_DET_MH.csv').replaceAll('Mental Health', 'Primary Care');
    expect(() => parseHpsaFile('BCD_HPSA_FCT_DET_PC.csv', primaryCare)).toThrow(/BCD_HPSA_FCT_DET_PC.csv: this HPSA file is for Primary Care/);
    expect(() => parseHpsaFile('roster.csv', 'a,b\n1,2\n')).toThrow(FatalImportError);
  });

  it('refuses binary and non-UTF-8 files as unreadable', () => {
    expect(() => decodeText('x.csv', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01]))).toThrow(/not a text file/);
    expect(() => decodeText('x.csv', new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x0a]))).toThrow(/not UTF-8/);
  });
});

describe('Census ACS table as data.census.gov exports it', () => {
  const { cells, problems } = parseAcsFile('ACSDT5Y2022.B03002-Data.csv', fixture('ACSDT5Y2022.B03002-Data.csv'), 'B03002');
  it('skips the label row and non-county rows, keeps estimates with margins, and no MOE for "*****"', () => {
    const wayne = cells.filter((c) => c.countyFips === '26163');
    expect(wayne.find((c) => c.category === 'total')).toMatchObject({ estimate: 1774816, moe: null });
    expect(wayne.find((c) => c.category === 'hispanic')!.estimate).toBe(117458);
    expect(wayne.find((c) => c.category === 'black')!.moe).toBeGreaterThan(0);
    expect(problems.some((p) => p.line === 3 && /not a county/.test(p.message))).toBe(true);
  });
  it('refuses a file that is not the table named', () => {
    expect(() => parseAcsFile('x.csv', 'GEO_ID,NAME,C16001_001E\n', 'B03002')).toThrow(/not table B03002/);
  });
});

describe('snapshot records', () => {
  const secret = 'registry-secret';
  const base: SubmittedRecord = { linkage: { credentialNumber: 'CPSS 1234', credentialState: 'mi' }, role: 'peer-specialist', hoursPerWeek: 30, workFips: '26163', hourlyWage: 17.5 };

  it('gives the same key for the same credential however it is written, and another for another person', () => {
    expect(personKeyOf(secret, { credentialNumber: 'cpss1234', credentialState: 'MI' })).toBe(personKeyOf(secret, base.linkage));
    expect(personKeyOf(secret, { name: 'José  García', birthYear: 1980 })).toBe(personKeyOf(secret, { name: 'garcia jose', birthYear: 1980 }));
    expect(personKeyOf(secret, { name: 'Jose Garcia', birthYear: 1981 })).not.toBe(personKeyOf(secret, { name: 'Jose Garcia', birthYear: 1980 }));
    expect(personKeyOf('another-registry', base.linkage)).not.toBe(personKeyOf(secret, base.linkage));
  });

  it('stores a wage band, never the wage, and no linkage field', () => {
    const { record } = checkRecord(secret, base, 1, '2026-12-06', new Set());
    expect(record).toMatchObject({ wageBand: '15-18', workFips: '26163' });
    expect(JSON.stringify(record)).not.toMatch(/1234|17\.5|linkage/);
  });

  it.each([
    [{ workFips: '99999' }, 'workFips'],
    [{ hourlyWage: 52000 }, 'hourlyWage'],
    [{ hourlyWage: 5 }, 'hourlyWage'],
    [{ jobStart: '2027-01-01' }, 'jobStart'],
    [{ certifiedOn: '13/45/2020' }, 'certifiedOn'],
    [{ role: 'therapist' }, 'role'],
    [{ linkage: {} }, 'linkage'],
  ] as const)('reports %o on its field and leaves the record out', (change, column) => {
    const { record, problems } = checkRecord(secret, { ...base, ...change } as SubmittedRecord, 7, '2026-12-06', new Set());
    expect(record).toBeNull();
    expect(problems).toContainEqual(expect.objectContaining({ line: 7, column, severity: 'error' }));
  });

  it('reports a peer twice in one snapshot', () => {
    const seen = new Set<string>();
    checkRecord(secret, base, 1, '2026-12-06', seen);
    expect(checkRecord(secret, base, 2, '2026-12-06', seen).problems[0]).toMatchObject({ line: 2, column: 'linkage' });
  });
});

describe('figures', () => {
  it('hides small headcounts and the cell that would reveal one from the total (P2, P4)', () => {
    const t = headcountTable(
      [
        { group: '26163', people: 40, fte: 32 },
        { group: '26095', people: 3, fte: 2 },
        { group: '26161', people: 25, fte: 20 },
      ],
      { group: 'total', people: 68, fte: 54 },
      DEFAULT_POLICY,
    );
    expect(t.groups[1]!.headcount).toEqual({ shown: '<11', suppressed: true });
    expect(t.groups[1]!.fte).toBeNull();
    // 68 - 40 - 25 = 3: the next-smallest is hidden too.
    expect(t.groups[2]!.headcount.suppressed).toBe(true);
    expect(t.groups[0]!.headcount.shown).toBe(40);
  });

  it('computes a representation index with a 90% interval, hidden under 11 peers', () => {
    const r = representation(
      { group: 'black', workforce: 30, workforceTotal: 100, served: 40, servedTotal: 120, population: 669133, populationMoe: 2454, populationTotal: 1774816, populationTotalMoe: null },
      DEFAULT_POLICY,
    );
    expect(r.index).toBeCloseTo(0.3 / (669133 / 1774816), 2);
    expect(r.ci90![0]).toBeLessThan(r.index!);
    expect(r.ci90![1]).toBeGreaterThan(r.index!);
    expect(r.servedShare).toBe(33.3);
    const small = representation({ ...{ group: 'aian', workforce: 4, workforceTotal: 100, served: null, servedTotal: null, population: 3318, populationMoe: 172, populationTotal: 1774816, populationTotalMoe: null } }, DEFAULT_POLICY);
    expect(small.workforce.shown).toBe('<11');
    expect(small.index).toBeNull();
    expect(small.workforceShare).toBeNull();
  });

  it('maps people\'s own words to Census groups', () => {
    expect(raceGroupOf(['Hispanic or Latina'])).toBe('hispanic');
    expect(raceGroupOf(['Black or African American', 'White'])).toBe('multiracial');
    expect(raceGroupOf(['American Indian or Alaska Native'])).toBe('aian');
    expect(raceGroupOf(['Prefer not to say'])).toBeNull();
    expect(raceGroupOf([])).toBeNull();
  });

  it('knows counties of the map and the newer Connecticut planning regions', () => {
    expect(isKnownCounty('26163')).toBe(true);
    expect(isKnownCounty('09110')).toBe(true);
    expect(isKnownCounty('99999')).toBe(false);
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });
});

describe("a member's own peer as a snapshot record (build.rules)", () => {
  const peer: PeerForSnapshot = {
    displayName: 'Rosa Delgado',
    birthYear: 1984,
    languages: ['en', 'es'],
    specialties: ['forensic-peer'],
    raceEthnicity: ['Hispanic or Latina'],
    livedExperience: [{ code: 'life.incarceration' }],
    certifications: [{ type: 'CPRS', issuer: 'Illinois Certification Board', number: 'IL-CPRS-1234' }],
    registryConsent: {},
    jobProfile: { role: 'peer-specialist', hoursPerWeek: 32, wageBand: '18-21', jobStart: '2025-03-10', jobEnd: '2026-06-30', workFips: '17031', credentialState: 'il' },
  };

  it('keys on the credential with its state, and sends no demographics without the registry consent', () => {
    const r = recordOfPeer(peer, '2026-05');
    expect(r).toEqual({ record: expect.objectContaining({ linkage: { credentialNumber: 'IL-CPRS-1234', credentialState: 'IL' }, wageBand: '18-21', raceEthnicity: null, livedExperience: null }) });
    const consented = recordOfPeer({ ...peer, registryConsent: { shareDemographics: true } }, '2026-05');
    expect(consented).toEqual({ record: expect.objectContaining({ raceEthnicity: ['Hispanic or Latina'], livedExperience: ['life.incarceration'] }) });
  });

  it('falls back to name and birth year, and says why a peer is left out', () => {
    const noState = { ...peer, jobProfile: { ...peer.jobProfile, credentialState: null } };
    expect(recordOfPeer(noState, '2026-05')).toEqual({ record: expect.objectContaining({ linkage: { name: 'Rosa Delgado', birthYear: 1984 } }) });
    expect(recordOfPeer({ ...noState, birthYear: null }, '2026-05')).toEqual({ skipped: 'no-linkage' });
    expect(recordOfPeer(peer, '2026-07')).toEqual({ skipped: 'not-working-that-month' });
    expect(recordOfPeer(peer, '2025-02')).toEqual({ skipped: 'not-working-that-month' });
    expect(recordOfPeer(peer, '2025-03')).toHaveProperty('record');
    expect(recordOfPeer({ ...peer, jobProfile: {} }, '2026-05')).toEqual({ skipped: 'no-job-profile' });
  });

  it('carries no field for a name, contact, birth date or free text', () => {
    const r = recordOfPeer({ ...peer, registryConsent: { shareDemographics: true } }, '2026-05');
    if (!('record' in r)) throw new Error('expected a record');
    const { linkage, ...shared } = r.record;
    expect(linkage).toBeDefined();
    expect(JSON.stringify(shared)).not.toMatch(/Rosa|Delgado|1984/);
  });
});
