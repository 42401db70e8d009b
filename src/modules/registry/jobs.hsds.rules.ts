import { createHash } from 'node:crypto';

/**
 * The job board as an HSDS-style feed (issue 22): each opening as an Open Referral HSDS 3.0
 * service (https://docs.openreferral.org/en/3.0/hsds/schema_reference.html) with its
 * organization, its county as a location and service area, and the job's own facts under `job`
 * (hours, wage range, benefits, certification, dates), so directory tools that read HSDS read the
 * board without a new format. Ids are stable UUIDs derived from the posting (and from the
 * organization's name: the board never shows an organization's internal id).
 */
export interface JobForFeed {
  id: string;
  organization: string;
  title: string;
  countyFips: string;
  countyName: string | null;
  state: string | null;
  hoursPerWeek: number;
  partTime: boolean;
  wageMin: number;
  wageMax: number;
  benefits: boolean;
  certificationRequired: string | null;
  applyUrl: string | null;
  postedAt: string;
  closesOn: string | null;
}

/** A UUID (version 5 layout) from a name, so the same organization or county keeps its id. */
export const stableId = (name: string) => {
  const h = createHash('sha1').update(`peerbridge-jobs:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
};

const money = (n: number) => `$${n.toFixed(2)}`;

export const hsdsServiceOfJob = (j: JobForFeed) => {
  const place = [j.countyName ? `${j.countyName} County` : `County ${j.countyFips}`, j.state].filter(Boolean).join(', ');
  const organizationId = stableId(`org:${j.organization}`);
  const locationId = stableId(`county:${j.countyFips}`);
  return {
    id: j.id,
    organization_id: organizationId,
    name: j.title,
    alternate_name: null,
    description: `${j.partTime ? 'Part-time' : 'Full-time'} peer support position, ${j.hoursPerWeek} hours a week, ${money(j.wageMin)}-${money(j.wageMax)} an hour${j.benefits ? ', with benefits' : ''}, in ${place}.`,
    url: j.applyUrl,
    email: null,
    status: 'active',
    application_process: j.applyUrl ? `Apply at ${j.applyUrl}` : `Contact ${j.organization}`,
    eligibility_description: j.certificationRequired ? `Certification required: ${j.certificationRequired}` : null,
    fees_description: null,
    last_modified: j.postedAt,
    organization: { id: organizationId, name: j.organization },
    service_areas: [{ id: stableId(`area:${j.id}`), service_id: j.id, name: place, description: `County FIPS ${j.countyFips}`, extent_type: null }],
    service_at_locations: [
      {
        id: stableId(`sal:${j.id}`),
        service_id: j.id,
        location: {
          id: locationId,
          location_type: 'physical',
          name: place,
          addresses: [{ id: stableId(`address:${j.countyFips}`), location_id: locationId, address_type: 'physical', region: j.countyName, state_province: j.state, country: 'US' }],
        },
      },
    ],
    job: {
      county_fips: j.countyFips,
      hours_per_week: j.hoursPerWeek,
      part_time: j.partTime,
      wage_min: j.wageMin,
      wage_max: j.wageMax,
      wage_unit: 'hour',
      currency: 'USD',
      benefits: j.benefits,
      certification_required: j.certificationRequired,
      posted_at: j.postedAt,
      closes_on: j.closesOn,
    },
  };
};
