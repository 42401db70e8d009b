// Open Referral HSDS interop (issue 5): pure readers, writers and schedule rules.
export * from './model.ts';
export { HSDS_ID_NAMESPACE, isUuid, stableId, uuidV5 } from './ids.ts';
export { readHsds3Json, guessJsonEntity } from './read-hsds3-json.ts';
export type { JsonReadOptions, JsonEntity } from './read-hsds3-json.ts';
export { readHsds3Csv } from './read-hsds3-csv.ts';
export type { FileSet } from './read-hsds3-csv.ts';
export { readHsdsLegacyCsv } from './read-legacy-csv.ts';
export { detectFormat, detectFormatOfFiles, readDirectory, readFileSet, readFiles } from './read-directory.ts';
export type { HsdsFormat } from './read-directory.ts';
export { toHsds3Csv, toHsds3Json, jsonExportCoverage, datapackage } from './write.ts';
export { isOpenNow, nextOpening } from './schedule.ts';
export {
  normalizeByday,
  normalizeTime,
  splitPhoneExtension,
  parseWeekday,
} from './normalize.ts';
