// Whether a claim can go out in an 837P, decided before the file is written (issue 19). A claim
// that cannot is held: its lines are listed as excluded with the reason, and stay billable for a
// later export once the missing fact is recorded. Nothing is invented to fill a required element.

export type HeldReason = 'missing-birth-date' | 'missing-diagnosis' | 'missing-subscriber-address' | 'missing-rendering-npi';

export interface ClaimFacts {
  /** The participant's birth date (2010BA DMG02). */
  birthDate: string | null | undefined;
  /** Diagnosis codes of the coverage, or the default of the billing settings (2300 HI). */
  diagnosisCodes: readonly string[];
  /** The subscriber's address on the coverage (2010BA N3/N4), as the payer has it on file. */
  hasSubscriberAddress: boolean;
  /** A void claim repeats what its claim was sent with; it is not held for the rendering NPI. */
  isVoid: boolean;
  /** The payer requires the rendering provider's NPI (2310B NM108 XX, NM109). */
  payerRequiresRenderingNpi: boolean;
  /** The rendering peer, with their NPI when their profile has one. */
  peer: { displayName: string; npi: string | null | undefined };
}

export interface Held {
  reason: HeldReason;
  explanation: { en: string; es: string };
}

/**
 * The first reason this claim cannot be sent, or null when it can.
 * - 2010BA DMG: the subscriber's birth date is required when the subscriber is the patient.
 * - 2300 HI: at least one diagnosis code.
 * - 2010BA N3/N4: the subscriber's address is required when the subscriber is the patient; it is
 *   the participant's address as recorded on the coverage. The agency's address is not the
 *   participant's, so a claim is never sent with it.
 * - 2310B NM109: the rendering provider's NPI when the payer requires it.
 */
export const heldReason = (f: ClaimFacts): Held | null => {
  if (!f.birthDate) {
    return {
      reason: 'missing-birth-date',
      explanation: { en: "The participant's birth date is not recorded; a claim needs it.", es: 'No consta la fecha de nacimiento del participante; la reclamación la necesita.' },
    };
  }
  if (f.diagnosisCodes.length === 0) {
    return {
      reason: 'missing-diagnosis',
      explanation: {
        en: 'No diagnosis code on the coverage and no default in the billing settings.',
        es: 'No hay código de diagnóstico en la cobertura ni uno predeterminado en la configuración de facturación.',
      },
    };
  }
  if (!f.hasSubscriberAddress) {
    return {
      reason: 'missing-subscriber-address',
      explanation: {
        en: "No address on the participant's coverage. The claim needs the participant's own address (never the agency's): record it on the coverage.",
        es: 'La cobertura del participante no tiene dirección. La reclamación necesita la dirección del participante (nunca la de la agencia): regístrela en la cobertura.',
      },
    };
  }
  if (!f.isVoid && f.payerRequiresRenderingNpi && !f.peer.npi) {
    return {
      reason: 'missing-rendering-npi',
      explanation: {
        en: `This payer requires the rendering provider's NPI and ${f.peer.displayName} has none on file: record the peer's NPI on their profile.`,
        es: `Este pagador exige el NPI del proveedor que presta el servicio y ${f.peer.displayName} no tiene uno registrado: registre el NPI en su perfil.`,
      },
    };
  }
  return null;
};
