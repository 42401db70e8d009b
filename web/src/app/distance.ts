// Distances as US peers and participants say them: in miles. The API and the database keep
// kilometres (radiusKm, serviceRadiusKm, distanceKm, distanceHalfKm: the HSDS API and geo maths
// use them); the web app converts at its edge, here.
export const KM_PER_MILE = 1.609344;

/** Miles of a distance in km, to a tenth: what a form shows back of a stored value. */
export const milesFromKm = (km: number): number => Math.round((km / KM_PER_MILE) * 10) / 10;

/** Km of a distance typed in miles, as the API takes it. */
export const kmFromMiles = (miles: number): number => miles * KM_PER_MILE;
