import type { Role } from '../../core/actor.ts';
import type { FieldProblem } from '../../core/errors.ts';
import { isKnownCode, type TaxonomyExtension } from '../matching/taxonomy.ts';

/**
 * Pure rules about people: which disclosures a viewer may see, who may change them, and checks a
 * schema cannot express (known taxonomy codes, windows that end after they start).
 */

export interface Disclosure {
  code: string;
  useForMatching: boolean;
  showToParticipants: boolean;
}

/** A disclosure with neither flag is private: only the peer (and an admin) ever sees it. */
export const isPrivate = (d: Disclosure) => !d.useForMatching && !d.showToParticipants;

export interface Viewer {
  role: Role;
  userId: string;
}

/** The peer themself and admins see every disclosure; everyone else never sees private ones. */
export const visibleDisclosures = (peerUserId: string | null, viewer: Viewer, all: Disclosure[]): Disclosure[] =>
  viewer.role === 'admin' || (peerUserId !== null && peerUserId === viewer.userId) ? all : all.filter((d) => !isPrivate(d));

/** Only the peer (and an admin, audited) changes what the peer discloses. */
export const mayChangeDisclosures = (peerUserId: string | null, viewer: Viewer) =>
  viewer.role === 'admin' || (peerUserId !== null && peerUserId === viewer.userId);

export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export const windowProblems = (windows: Array<{ start: string; end: string }>, field: string): FieldProblem[] =>
  windows.flatMap((w, i) =>
    minutesOf(w.end) <= minutesOf(w.start) ? [{ field: `${field}.${i}.end`, message: 'The window must end after it starts' }] : [],
  );

export const codeProblems = (codes: string[], field: string, extensions: readonly TaxonomyExtension[]): FieldProblem[] =>
  codes.flatMap((code, i) => (isKnownCode(code, extensions) ? [] : [{ field: `${field}.${i}.code`, message: `Unknown lived-experience code "${code}"` }]));

export const duplicateCodeProblems = (codes: string[], field: string): FieldProblem[] => {
  const seen = new Set<string>();
  return codes.flatMap((code, i) => {
    const dup = seen.has(code);
    seen.add(code);
    return dup ? [{ field: `${field}.${i}.code`, message: `"${code}" is listed twice` }] : [];
  });
};

/** Age in whole years on `onDate` (both ISO dates). */
export const ageOn = (birthDate: string, onDate: string): number => {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
};

/** Youth peers serve young adults 18 to 27 (DOMAIN.md). */
export const isYouth = (age: number) => age >= 18 && age <= 27;

/**
 * Who may open participant records: admins and supervisors all of their organization's; peers
 * those assigned to them or whose intake they did; analysts only aggregates, never a record.
 */
export type ParticipantScope = 'all' | 'own' | 'none';
export const participantScope = (role: Role): ParticipantScope =>
  role === 'admin' || role === 'supervisor' ? 'all' : role === 'peer' ? 'own' : 'none';
