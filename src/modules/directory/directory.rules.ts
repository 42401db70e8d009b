// Pure rules of the resource directory: freshness, distance boxes, open-now, HSDS paging.
import { isOpenNow } from '../../interop/hsds/schedule.ts';
import type { Schedule } from '../../interop/hsds/model.ts';

/** Entries not verified for 12 months are stale (issue 5); an entry never verified is stale too. */
export const STALE_AFTER_MONTHS = 12;

/** `lastVerified` is an ISO date (HSDS `assured_date`), or null when nobody ever verified it. */
export const isStale = (lastVerified: string | null | undefined, now: Date): boolean => {
  if (!lastVerified) return true;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(lastVerified);
  if (!m) return true;
  const limit = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - STALE_AFTER_MONTHS, now.getUTCDate()));
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) < limit.getTime();
};

export interface BoundingBox {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

const KM_PER_DEGREE = 111.195; // mean Earth radius 6371.0088 km * pi / 180

/**
 * The latitude/longitude box that contains every point within `radiusKm` of (lat, lon): the cheap
 * index prefilter before the exact haversine distance. Near the poles the box spans every
 * longitude; boxes crossing the antimeridian are widened to every longitude (rare, still correct).
 */
export const boundingBox = (lat: number, lon: number, radiusKm: number): BoundingBox => {
  const dLat = radiusKm / KM_PER_DEGREE;
  const minLat = Math.max(-90, lat - dLat);
  const maxLat = Math.min(90, lat + dLat);
  const cos = Math.cos((Math.max(Math.abs(minLat), Math.abs(maxLat)) * Math.PI) / 180);
  if (cos < 1e-6 || maxLat >= 90 || minLat <= -90) return { minLat, maxLat, minLon: -180, maxLon: 180 };
  const dLon = radiusKm / (KM_PER_DEGREE * cos);
  if (lon - dLon < -180 || lon + dLon > 180) return { minLat, maxLat, minLon: -180, maxLon: 180 };
  return { minLat, maxLat, minLon: lon - dLon, maxLon: lon + dLon };
};

/** Haversine distance in km (the same formula as pb_distance_km in 0005 and 0018). */
export const distanceKm = (lat1: number, lon1: number, lat2: number, lon2: number): number => {
  const r = (d: number) => (d * Math.PI) / 180;
  const a = Math.sin(r(lat2 - lat1) / 2) ** 2 + Math.cos(r(lat1)) * Math.cos(r(lat2)) * Math.sin(r(lon2 - lon1) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
};

/**
 * Open now, from the HSDS schedule rows that apply to an entry, in the location's IANA time zone
 * (interop/hsds/schedule.ts). No schedule rows: unknown (null), never "closed".
 */
export const openNowOf = (schedules: readonly Record<string, unknown>[], timeZone: string, now: Date): boolean | null => {
  if (schedules.length === 0) return null;
  const rows = schedules as unknown as Schedule[];
  if (!rows.some((s) => s.opens_at !== undefined || s.valid_from !== undefined || s.valid_to !== undefined)) return null;
  try {
    return isOpenNow(rows, now, timeZone);
  } catch {
    return null; // an unknown time zone name: say nothing rather than guess
  }
};

/** The HSDS API `Page` wrapper (openapi.json components.schemas.Page). */
export const hsdsPage = <T>(contents: T[], total: number, page: number, perPage: number) => {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
};

/** Whether a text names a free service (fees "Free", "none", "gratis"). */
export const looksFree = (fees: string | undefined | null): boolean => !!fees && /^\s*(free|none|no cost|gratis|gratuito)\s*\.?\s*$/i.test(fees);

/** Normalizes a language filter: codes and names compare in lower case ("ES", "Spanish"). */
export const languageKeys = (values: readonly string[]): string[] => [...new Set(values.map((v) => v.trim().toLowerCase()).filter(Boolean))];
