// Distances as US peers and participants say them: in miles. The API and the database keep
// kilometres (radiusKm, serviceRadiusKm, distanceKm, distanceHalfKm: the HSDS API and geo maths
// use them); the web app converts at its edge, here.
export const KM_PER_MILE = 1.609344;

/** Miles of a distance in km, to a tenth: what a form shows back of a stored value. */
export const milesFromKm = (km: number): number => Math.round((km / KM_PER_MILE) * 10) / 10;

/** Km of a distance typed in miles, as the API takes it. */
export const kmFromMiles = (miles: number): number => miles * KM_PER_MILE;

/**
 * The km to save for miles a form shows back: the stored km when the reader left the miles as
 * shown (to a tenth, saved back they would move the value a little at every save), else the miles
 * typed.
 */
export const kmToSave = (miles: number, storedKm: number | null | undefined): number =>
  typeof storedKm === 'number' && milesFromKm(storedKm) === miles ? storedKm : kmFromMiles(miles);
