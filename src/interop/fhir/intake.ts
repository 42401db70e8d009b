/**
 * A FHIR Patient (alone, or in a Bundle with Consents) read for intake: validated with
 * @medplum/core against the R4 definitions, then turned into Peerbridge's participant input.
 * Pure apart from the validator; every problem names its field (`body.` + the FHIRPath of the
 * element, `body.entry[1].resource.status`), and nothing is stored while any remains.
 */
import type { Consent, Patient, Resource } from '@medplum/fhirtypes';
import type { FieldProblem } from '../../core/errors.ts';
import { participantInput, type ParticipantInput } from '../../modules/people/people.schemas.ts';
import { PART2_LABELS, V3_ACT_CODE } from './codes.ts';
import { PARTICIPANT_ID_SYSTEM } from './patient.ts';
import { fhirIssues } from './validate.ts';

export interface Intake {
  patient: Patient;
  consents: Consent[];
  input: ParticipantInput;
  /** A Peerbridge participant id the sender says this is (our identifier system). */
  claimedId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The validator names an element `Patient.name[0].family`; the request field is `body.name[0].family` (or under its entry). */
const fieldOf = (prefix: string, resourceType: string, expression: string | undefined) =>
  `${prefix}${expression ? expression.replace(new RegExp(`^${resourceType}\\.?`), '') : ''}`.replace(/\.$/, '') || 'body';

const validate = (resource: Resource, prefix: string): FieldProblem[] =>
  fhirIssues(resource).map((i) => ({
    field: fieldOf(prefix, resource.resourceType, i.expression?.[0]),
    message: i.details?.text ?? i.diagnostics ?? 'Invalid',
  }));

/** Whether a received Consent is a 42 CFR Part 2 consent (labelled, or categorized so). */
export const isPart2Consent = (c: Consent) =>
  (c.meta?.security ?? []).some((s) => s.code === '42CFRPart2') || (c.category ?? []).some((cc) => (cc.coding ?? []).some((x) => x.system === V3_ACT_CODE && x.code === '42CFRPart2'));

export const part2Labels = () => PART2_LABELS.map((c) => ({ ...c }));

/** `today` is the receiving organization's day (YYYY-MM-DD), for a birth date in the future. */
export const readIntake = (body: unknown, today: string): { intake: Intake } | { problems: FieldProblem[] } => {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { problems: [{ field: 'body', message: 'Send a FHIR Patient, or a Bundle with one Patient and its Consents' }] };
  const root = body as Resource;
  let patient: { resource: Patient; prefix: string } | null = null;
  const consents: Array<{ resource: Consent; prefix: string }> = [];
  const problems: FieldProblem[] = [];
  if (root.resourceType === 'Patient') patient = { resource: root, prefix: 'body.' };
  else if (root.resourceType === 'Bundle') {
    const entries = Array.isArray(root.entry) ? root.entry : [];
    entries.forEach((e, i) => {
      const r = e?.resource;
      const prefix = `body.entry[${i}].resource.`;
      if (r?.resourceType === 'Patient') {
        if (patient) problems.push({ field: `body.entry[${i}].resource`, message: 'Only one Patient per request' });
        else patient = { resource: r, prefix };
      } else if (r?.resourceType === 'Consent') consents.push({ resource: r, prefix });
      else problems.push({ field: `body.entry[${i}].resource.resourceType`, message: 'Only Patient and Consent are read' });
    });
    if (!patient) problems.push({ field: 'body.entry', message: 'The Bundle has no Patient' });
  } else problems.push({ field: 'body.resourceType', message: 'Send a Patient or a Bundle' });
  if (problems.length > 0 || !patient) return { problems };
  const p: { resource: Patient; prefix: string } = patient;

  problems.push(...validate(root.resourceType === 'Bundle' ? { ...root, entry: [] } : p.resource, 'body.'));
  if (root.resourceType === 'Bundle') problems.push(...validate(p.resource, p.prefix));
  for (const c of consents) {
    problems.push(...validate(c.resource, c.prefix));
    const ref = c.resource.patient?.reference;
    if (ref && p.resource.id && ref !== `Patient/${p.resource.id}` && !ref.endsWith(`/Patient/${p.resource.id}`) && ref !== (root.resourceType === 'Bundle' ? fullUrlOf(root, p.resource) : ref)) {
      problems.push({ field: `${c.prefix}patient`, message: 'The Consent is about another patient than the one sent' });
    }
  }
  if (problems.length > 0) return { problems };

  const pr = p.resource;
  const name = pr.name?.find((n) => n.use === 'official') ?? pr.name?.find((n) => n.use !== 'nickname' && n.use !== 'old') ?? pr.name?.[0];
  const nameIndex = name ? (pr.name ?? []).indexOf(name) : 0;
  const usual = pr.name?.find((n) => n.use === 'usual' || n.use === 'nickname');
  const given = (name?.given ?? []).join(' ').trim();
  const family = (name?.family ?? '').trim();
  if (!given) problems.push({ field: `${p.prefix}name[${nameIndex}].given`, message: 'A given name is needed' });
  if (!family) problems.push({ field: `${p.prefix}name[${nameIndex}].family`, message: 'A family name is needed' });
  const phone = pr.telecom?.find((t) => t.system === 'phone' || t.system === 'sms')?.value ?? null;
  const emailIndex = pr.telecom?.findIndex((t) => t.system === 'email') ?? -1;
  const email = emailIndex >= 0 ? (pr.telecom![emailIndex]!.value ?? null) : null;
  const address = pr.address?.[0];
  const addressText = address ? (address.text ?? [...(address.line ?? []), address.city, address.state, address.postalCode].filter(Boolean).join(', ')) : null;
  const languages = (pr.communication ?? []).flatMap((c) => c.language?.coding?.map((x) => x.code ?? '').filter((x) => x !== '') ?? []);
  const candidate = {
    givenName: given,
    familyName: family,
    ...(usual?.given?.[0] && usual.given[0] !== given ? { preferredName: usual.given[0] } : {}),
    ...(pr.birthDate ? { birthDate: pr.birthDate } : {}),
    ...(phone || email || addressText ? { contact: { phone, email, address: addressText || null } } : {}),
    ...(languages.length > 0 ? { languages: [...new Set(languages.map((l) => l.toLowerCase()))] } : {}),
    ...(address?.postalCode ? { location: { postalCode: address.postalCode } } : {}),
  };
  if (problems.length > 0) return { problems };
  const parsed = participantInput.safeParse(candidate);
  if (!parsed.success) {
    // Back to the FHIR element each of our fields came from.
    const back: Record<string, string> = {
      givenName: `name[${nameIndex}].given`,
      familyName: `name[${nameIndex}].family`,
      preferredName: 'name',
      birthDate: 'birthDate',
      contact: 'telecom',
      'contact.email': `telecom[${emailIndex}].value`,
      'contact.address': 'address[0]',
      languages: 'communication',
      location: 'address[0].postalCode',
    };
    for (const issue of parsed.error.issues) {
      const key = issue.path.map(String).join('.');
      const field = back[key] ?? back[String(issue.path[0])] ?? key;
      problems.push({ field: `${p.prefix}${field}`, message: issue.message });
    }
  }
  if (pr.birthDate && pr.birthDate > today) problems.push({ field: `${p.prefix}birthDate`, message: 'The birth date is in the future' });
  if (problems.length > 0 || !parsed.success) return { problems };
  const claimed = pr.identifier?.find((i) => i.system === PARTICIPANT_ID_SYSTEM && UUID.test(i.value ?? ''))?.value ?? null;
  return { intake: { patient: pr, consents: consents.map((c) => c.resource), input: parsed.data, claimedId: claimed } };
};

const fullUrlOf = (bundle: Resource, r: Resource) => (bundle.resourceType === 'Bundle' ? (bundle.entry ?? []).find((e) => e.resource === r)?.fullUrl : undefined);
