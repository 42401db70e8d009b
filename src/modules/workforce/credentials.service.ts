import { randomUUID } from 'node:crypto';
import type { Actor, UserActor } from '../../core/actor.ts';
import { AppError, badRequest, forbidden, notFound, type FieldProblem } from '../../core/errors.ts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { BUILT_IN_RULE_SETS } from './credential-types.data.ts';
import { addDays, cycleOn, defaultExpiry, statusOn, submissionOpensOn } from './credential.rules.ts';
import type { RuleSet } from './credential.types.ts';
import { countRecords, cycleProgress, type CeRecord } from './ce.rules.ts';
import { checkFile, isProblem, type CheckedFile } from './files.rules.ts';
import { orgToday } from '../people/people.repo.ts';
import * as repo from './workforce.repo.ts';
import type { CeInput, CeView, CredentialInput, CredentialUpdate, CredentialView, ProgressView, RuleSetInput } from './workforce.schemas.ts';

export interface CredentialsDeps {
  db: Database;
  audit: AuditService;
  clock: () => Date;
}

/** The server's UTC day: only the nightly job's default; an organization's today is orgToday. */
export const today = (clock: () => Date) => clock().toISOString().slice(0, 10);

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export interface CatalogEntry {
  rules: RuleSet;
  builtIn: boolean;
  publishedAt: Date | null;
}

/** Built-in rule sets first, then the organization's own, each code's versions oldest first. */
export const ruleSetCatalog = async (tx: Tx): Promise<CatalogEntry[]> => [
  ...BUILT_IN_RULE_SETS.map((rules) => ({ rules, builtIn: true, publishedAt: null })),
  ...(await repo.listRuleSets(tx)).map((r) => ({ rules: r.definition as RuleSet, builtIn: false, publishedAt: r.publishedAt })),
];

export const findRuleSet = (catalog: readonly CatalogEntry[], code: string, version?: string) =>
  catalog.filter((c) => c.rules.code === code && (version === undefined || c.rules.version === version)).at(-1)?.rules;

export const toCeRecord = (r: repo.CeRow): CeRecord => ({ id: r.id, title: r.title, provider: r.provider, completedOn: r.completedOn, amount: Number(r.amount), unit: r.unit as CeRecord['unit'], topics: r.topics, format: r.format });

export const credentialFacts = (c: repo.CredentialRow) => ({ issuedOn: c.issuedOn, expiresOn: c.expiresOn, recordedStatus: c.recordedStatus as 'inactive' | 'lapsed' | null });

/**
 * Who may see a peer's credentials and CE: the peer (their own profile), supervisors and admins.
 * Analysts see aggregates only; another peer's records are answered as not found.
 */
export const openPeer = async (tx: Tx, actor: Actor, peerId: string) => {
  if (actor.kind === 'user' && actor.role === 'analyst') throw forbidden('Analysts see aggregate reports, not individual records.');
  const peer = await repo.peerById(tx, peerId);
  if (!peer) throw notFound('Peer');
  if (actor.kind === 'user' && actor.role === 'peer' && peer.userId !== actor.userId) throw notFound('Peer');
  return peer;
};

const files = async (inputs: Array<{ name: string; content: string }>, field: string) => {
  const checked: CheckedFile[] = [];
  const problems: FieldProblem[] = [];
  for (const [i, f] of inputs.entries()) {
    const r = await checkFile(f, `${field}.${i}`);
    if (isProblem(r)) problems.push(r);
    else checked.push(r);
  }
  return { checked, problems };
};

const fileView = (f: repo.FileRow) => ({ id: f.id, name: f.name, mediaType: f.mediaType, sizeBytes: f.sizeBytes, sha256: f.sha256 });

/**
 * Credential rule sets, a peer's credentials and continuing education (issue 21). Every read
 * and write of a peer's records is audited; nothing is stored when any part of the input is bad.
 */
export const createCredentialsService = ({ db, audit, clock }: CredentialsDeps) => {
  const toCredentialView = (c: repo.CredentialRow, catalog: readonly CatalogEntry[], fileRows: readonly repo.FileRow[], on: string): CredentialView => {
    const rules = findRuleSet(catalog, c.typeCode, c.typeVersion) ?? findRuleSet(catalog, c.typeCode)!;
    const s = statusOn(rules, credentialFacts(c), on);
    return {
      id: c.id,
      peerId: c.peerId,
      type: c.typeCode,
      typeVersion: c.typeVersion,
      typeName: rules.name,
      number: c.number,
      issuingBody: c.issuingBody,
      issuedOn: c.issuedOn,
      expiresOn: c.expiresOn,
      status: s.status,
      statusReason: s.reason,
      lateFee: s.lateFee,
      graceEndsOn: s.graceEndsOn,
      retrainRequired: s.retrainRequired,
      renewalOpensOn: submissionOpensOn(rules, c.expiresOn),
      verification: { by: c.verifiedBy, at: iso(c.verifiedAt), how: c.verifiedHow },
      evidence: fileRows.filter((f) => f.credentialId === c.id).map(fileView),
    };
  };

  const ceViews = (rows: readonly repo.CeRow[], creds: readonly repo.CredentialRow[], catalog: readonly CatalogEntry[], fileRows: readonly repo.FileRow[]): CeView[] =>
    rows.map((r) => {
      const rec = toCeRecord(r);
      return {
        id: r.id,
        peerId: r.peerId,
        title: r.title,
        provider: r.provider,
        completedOn: r.completedOn,
        amount: rec.amount,
        unit: rec.unit,
        topics: r.topics,
        format: r.format,
        certificate: fileRows.filter((f) => f.ceId === r.id).map(fileView)[0] ?? null,
        countsToward: creds.map((c) => {
          const rules = findRuleSet(catalog, c.typeCode, c.typeVersion)!;
          const cycle = cycleOn(rules, c.issuedOn, r.completedOn);
          const count = cycle ? countRecords(rules, cycle, c.issuedOn, [rec])[0]! : { hours: 0, counted: false, reason: 'before-certification' };
          return { credentialId: c.id, credentialType: c.typeCode, hours: count.hours, counted: count.counted, reason: count.reason };
        }),
      };
    });

  return {
    async listTypes(actor: Actor) {
      return db.tenant(actor.orgId!, async (tx) => {
        const all = await ruleSetCatalog(tx);
        const byCode = new Map<string, CatalogEntry[]>();
        for (const c of all) byCode.set(c.rules.code, [...(byCode.get(c.rules.code) ?? []), c]);
        return {
          items: [...byCode.values()].map((versions) => {
            const latest = versions.at(-1)!;
            return { ...(latest.rules as RuleSetInput), builtIn: latest.builtIn, publishedAt: iso(latest.publishedAt), versions: versions.map((v) => v.rules.version) };
          }),
        };
      });
    },

    /** An organization's own rule set; a published version never changes, a built-in code is not shadowed. */
    async createType(actor: Actor, input: RuleSetInput) {
      if (actor.kind === 'user' && actor.role !== 'admin') throw forbidden('Admins publish credential rule sets.');
      if (input.renewal.lateUntilDays > 0 && input.renewal.lateUntilDays < input.renewal.graceDays) {
        throw badRequest('The late period ends on or after the free grace.', [{ field: 'body.renewal.lateUntilDays', message: 'Use 0 or a number of days at least graceDays' }]);
      }
      if (BUILT_IN_RULE_SETS.some((b) => b.code === input.code)) {
        throw new AppError(409, 'credential-type-built-in', `"${input.code}" is a built-in rule set; give yours a code of its own.`, { errors: [{ field: 'body.code', message: 'A built-in rule set has this code' }] });
      }
      return db.tenant(actor.orgId!, async (tx) => {
        if ((await repo.listRuleSets(tx)).some((r) => r.code === input.code && r.version === input.version)) {
          throw new AppError(409, 'credential-type-version-published', `Version ${input.version} of ${input.code} is published and never changes; publish a new version.`, { errors: [{ field: 'body.version', message: 'This version is already published' }] });
        }
        const row = await repo.insertRuleSet(tx, { orgId: actor.orgId!, code: input.code, version: input.version, definition: input, publishedAt: clock(), publishedBy: actor.kind === 'user' ? actor.userId : null });
        await audit.record(tx, actor, { action: 'credential_type.publish', entityType: 'credential_type', details: { code: input.code, version: input.version } });
        return { ...input, builtIn: false, publishedAt: iso(row.publishedAt), versions: [input.version] };
      });
    },

    async listCredentials(actor: Actor, peerId: string) {
      return db.tenant(actor.orgId!, async (tx) => {
        await openPeer(tx, actor, peerId);
        // One query at a time: a transaction is one connection (pg refuses overlapping queries from v9).
        const catalog = await ruleSetCatalog(tx);
        const rows = await repo.credentialsOf(tx, peerId);
        const fileRows = await repo.filesOfPeer(tx, peerId);
        await audit.record(tx, actor, { action: 'credential.list', entityType: 'peer', entityId: peerId });
        const day = await orgToday(tx, actor.orgId!, clock);
        return { items: rows.map((c) => toCredentialView(c, catalog, fileRows, day)) };
      });
    },

    async createCredential(actor: Actor, peerId: string, input: CredentialInput): Promise<CredentialView> {
      const user = actor as UserActor;
      const { checked, problems } = await files(input.evidence ?? [], 'body.evidence');
      if (input.expiresOn && input.expiresOn < input.issuedOn) problems.push({ field: 'body.expiresOn', message: 'The expiry is before the issue date' });
      if (input.verification && actor.kind === 'user' && actor.role === 'peer') problems.push({ field: 'body.verification', message: "A supervisor or an admin checks the issuing body's registry" });
      if (input.recordedStatus && actor.kind === 'user' && actor.role === 'peer') problems.push({ field: 'body.recordedStatus', message: 'A supervisor or an admin records a status by hand' });
      return db.tenant(actor.orgId!, async (tx) => {
        await openPeer(tx, actor, peerId);
        const catalog = await ruleSetCatalog(tx);
        const rules = findRuleSet(catalog, input.type, input.typeVersion);
        if (!rules) problems.push({ field: input.typeVersion ? 'body.typeVersion' : 'body.type', message: `No credential type "${input.type}"${input.typeVersion ? ` version ${input.typeVersion}` : ''}` });
        const taken = await repo.credentialByNumber(tx, input.type, input.number);
        if (taken && taken.peerId !== peerId) {
          throw new AppError(409, 'credential-number-taken', 'This credential number is already on another peer of the organization.', { errors: [{ field: 'body.number', message: 'Already on another peer' }] });
        }
        if (taken) throw new AppError(409, 'credential-exists', 'This peer already has this credential.', { errors: [{ field: 'body.number', message: 'Already recorded for this peer' }] });
        if (problems.length > 0 || !rules) throw badRequest(`Check ${problems.map((p) => p.field).join(', ')}.`, problems);
        const now = clock();
        const row = await repo.insertCredential(tx, {
          id: randomUUID(),
          orgId: actor.orgId!,
          peerId,
          typeCode: rules.code,
          typeVersion: rules.version,
          number: input.number,
          issuingBody: input.issuingBody ?? rules.body,
          issuedOn: input.issuedOn,
          expiresOn: input.expiresOn ?? defaultExpiry(rules, input.issuedOn),
          recordedStatus: input.recordedStatus ?? null,
          verifiedBy: input.verification ? user.userId : null,
          verifiedAt: input.verification ? new Date(input.verification.checkedOn ?? now.toISOString()) : null,
          verifiedHow: input.verification?.how ?? null,
          createdBy: actor.kind === 'user' ? actor.userId : null,
          createdAt: now,
          updatedAt: now,
        });
        const stored = [];
        for (const f of checked) stored.push(await repo.insertFile(tx, { id: randomUUID(), orgId: actor.orgId!, peerId, credentialId: row.id, ...f, createdBy: actor.kind === 'user' ? actor.userId : null }));
        await audit.record(tx, actor, { action: 'credential.create', entityType: 'peer', entityId: peerId, details: { credentialId: row.id, type: rules.code, files: stored.length } });
        return toCredentialView(row, catalog, stored, await orgToday(tx, actor.orgId!, clock));
      });
    },

    /**
     * Renews or corrects a credential. Renewal: `renew` moves the expiry to the end of the next
     * cycle by the rule set (or `expiresOn` gives the body's date), and a status recorded by hand
     * is cleared unless given. Refused, naming the field: nothing to change, an expiry before the
     * issue date or a renewal that does not move the expiry on, a number on another peer, a peer
     * recording verification or a status, files that are not PDF or images. Audited with what changed.
     */
    async updateCredential(actor: Actor, peerId: string, credentialId: string, input: CredentialUpdate): Promise<CredentialView> {
      const { checked, problems } = await files(input.evidence ?? [], 'body.evidence');
      const fields = Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined);
      if (fields.length === 0 || (fields.length === 1 && input.renew === false)) problems.push({ field: 'body', message: 'Give what to change: renew, dates, number, status, verification or evidence' });
      if (input.verification && actor.kind === 'user' && actor.role === 'peer') problems.push({ field: 'body.verification', message: "A supervisor or an admin checks the issuing body's registry" });
      if (input.recordedStatus !== undefined && actor.kind === 'user' && actor.role === 'peer') problems.push({ field: 'body.recordedStatus', message: 'A supervisor or an admin records a status by hand' });
      return db.tenant(actor.orgId!, async (tx) => {
        await openPeer(tx, actor, peerId);
        const c = await repo.lockCredential(tx, credentialId);
        if (!c || c.peerId !== peerId) throw notFound('Credential');
        const catalog = await ruleSetCatalog(tx);
        const rules = findRuleSet(catalog, c.typeCode, c.typeVersion) ?? findRuleSet(catalog, c.typeCode)!;
        const issuedOn = input.issuedOn ?? c.issuedOn;
        let expiresOn = input.expiresOn ?? c.expiresOn;
        if (input.renew && !input.expiresOn) expiresOn = cycleOn(rules, issuedOn, addDays(c.expiresOn, 1))?.end ?? c.expiresOn;
        if (expiresOn < issuedOn) problems.push({ field: input.expiresOn ? 'body.expiresOn' : 'body.issuedOn', message: 'The expiry is before the issue date' });
        if (input.renew && expiresOn <= c.expiresOn) problems.push({ field: 'body.expiresOn', message: `A renewal moves the expiry past ${c.expiresOn}` });
        if (input.number && input.number !== c.number) {
          const taken = await repo.credentialByNumber(tx, c.typeCode, input.number);
          if (taken && taken.id !== c.id) {
            throw new AppError(409, 'credential-number-taken', 'This credential number is already on another peer of the organization.', { errors: [{ field: 'body.number', message: taken.peerId === peerId ? 'Already on another credential of this peer' : 'Already on another peer' }] });
          }
        }
        if (problems.length > 0) throw badRequest(`Check ${problems.map((p) => p.field).join(', ')}.`, problems);
        const now = clock();
        const user = actor.kind === 'user' ? actor.userId : null;
        const recordedStatus = input.recordedStatus !== undefined ? input.recordedStatus : input.renew ? null : c.recordedStatus;
        const row = await repo.updateCredential(tx, c.id, {
          number: input.number ?? c.number,
          issuingBody: input.issuingBody ?? c.issuingBody,
          issuedOn,
          expiresOn,
          recordedStatus,
          ...(input.verification ? { verifiedBy: user, verifiedAt: new Date(input.verification.checkedOn ?? now.toISOString()), verifiedHow: input.verification.how } : {}),
          updatedAt: now,
        });
        for (const f of checked) await repo.insertFile(tx, { id: randomUUID(), orgId: actor.orgId!, peerId, credentialId: c.id, ...f, createdBy: user });
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        for (const [k, from, to] of [
          ['issuedOn', c.issuedOn, row.issuedOn],
          ['expiresOn', c.expiresOn, row.expiresOn],
          ['recordedStatus', c.recordedStatus, row.recordedStatus],
          ['number', c.number, row.number],
          ['issuingBody', c.issuingBody, row.issuingBody],
        ] as const)
          if (from !== to) changes[k] = { from, to };
        await audit.record(tx, actor, {
          action: input.renew ? 'credential.renew' : 'credential.update',
          entityType: 'peer',
          entityId: peerId,
          details: { credentialId: c.id, changes, verified: Boolean(input.verification), files: checked.length },
        });
        const files = await repo.filesOfPeer(tx, peerId);
        return toCredentialView(row, catalog, files, await orgToday(tx, actor.orgId!, clock));
      });
    },

    async listCe(actor: Actor, peerId: string) {
      return db.tenant(actor.orgId!, async (tx) => {
        await openPeer(tx, actor, peerId);
        // One query at a time: a transaction is one connection (pg refuses overlapping queries from v9).
        const catalog = await ruleSetCatalog(tx);
        const rows = await repo.ceOf(tx, peerId);
        const creds = await repo.credentialsOf(tx, peerId);
        const fileRows = await repo.filesOfPeer(tx, peerId);
        await audit.record(tx, actor, { action: 'ce.list', entityType: 'peer', entityId: peerId });
        return { items: ceViews(rows, creds, catalog, fileRows) };
      });
    },

    /**
     * Records a course. Refused, naming the field, when: hours are not positive or the day's
     * hours pass 24; the date is in the future or outside every cycle of the peer's credentials;
     * a topic is unknown (schema); the certificate is over 2 MB or not a PDF or image.
     */
    async createCe(actor: Actor, peerId: string, input: CeInput): Promise<CeView> {
      const amount = input.hours ?? input.amount;
      const problems: FieldProblem[] = [];
      if (amount === undefined) problems.push({ field: 'body.hours', message: 'Give the hours (or an amount and a unit)' });
      const unit = input.hours !== undefined ? 'hours' : input.unit;
      const file = input.certificate ? await checkFile(input.certificate, 'body.certificate') : null;
      if (file && isProblem(file)) problems.push(file);
      return db.tenant(actor.orgId!, async (tx) => {
        // "Future" by the organization's day, as a credential's status is.
        if (input.completedOn > (await orgToday(tx, actor.orgId!, clock))) problems.push({ field: 'body.completedOn', message: 'The course date is in the future' });
        await openPeer(tx, actor, peerId);
        // One query at a time: a transaction is one connection (pg refuses overlapping queries from v9).
        const catalog = await ruleSetCatalog(tx);
        const creds = await repo.credentialsOf(tx, peerId);
        if (unit === 'hours' && amount !== undefined && amount + (await repo.ceHoursOnDay(tx, peerId, input.completedOn)) > 24) {
          problems.push({ field: 'body.hours', message: 'More than 24 hours of courses on one day' });
        }
        if (creds.length > 0) {
          const inSome = creds.some((c) => {
            const rules = findRuleSet(catalog, c.typeCode, c.typeVersion)!;
            const first = cycleOn(rules, c.issuedOn, c.issuedOn)!;
            return input.completedOn >= first.start && input.completedOn <= (cycleOn(rules, c.issuedOn, c.expiresOn)?.end ?? c.expiresOn);
          });
          if (!inSome) problems.push({ field: 'body.completedOn', message: "The date is outside every cycle of the peer's credentials" });
        }
        if (problems.length > 0) throw badRequest(`Check ${problems.map((p) => p.field).join(', ')}.`, problems);
        const row = await repo.insertCe(tx, {
          id: randomUUID(),
          orgId: actor.orgId!,
          peerId,
          title: input.title,
          provider: input.provider,
          completedOn: input.completedOn,
          amount: amount!,
          unit,
          topics: input.topics,
          format: input.format,
          createdBy: actor.kind === 'user' ? actor.userId : null,
          createdAt: clock(),
        });
        const stored = file && !isProblem(file) ? [await repo.insertFile(tx, { id: randomUUID(), orgId: actor.orgId!, peerId, ceId: row.id, ...file, createdBy: actor.kind === 'user' ? actor.userId : null })] : [];
        await audit.record(tx, actor, { action: 'ce.create', entityType: 'peer', entityId: peerId, details: { ceId: row.id, files: stored.length } });
        return ceViews([row], creds, catalog, stored)[0]!;
      });
    },

    /** CE progress of each credential's cycle on a day (default today). */
    async progress(actor: Actor, peerId: string, day?: string): Promise<ProgressView> {
      return db.tenant(actor.orgId!, async (tx) => {
        const on = day ?? (await orgToday(tx, actor.orgId!, clock));
        await openPeer(tx, actor, peerId);
        // One query at a time: a transaction is one connection (pg refuses overlapping queries from v9).
        const catalog = await ruleSetCatalog(tx);
        const rows = await repo.ceOf(tx, peerId);
        const creds = await repo.credentialsOf(tx, peerId);
        await audit.record(tx, actor, { action: 'ce.progress_read', entityType: 'peer', entityId: peerId });
        const records = rows.map(toCeRecord);
        return {
          on,
          cycles: creds.map((c) => {
            const rules = findRuleSet(catalog, c.typeCode, c.typeVersion)!;
            return { credentialId: c.id, credentialType: c.typeCode, ...cycleProgress(rules, credentialFacts(c), records, on) };
          }),
        };
      });
    },

    async getFile(actor: Actor, fileId: string) {
      return db.tenant(actor.orgId!, async (tx) => {
        const f = await repo.fileWithContent(tx, fileId);
        if (!f) throw notFound('File');
        await openPeer(tx, actor, f.peerId);
        await audit.record(tx, actor, { action: 'workforce_file.read', entityType: 'peer', entityId: f.peerId, details: { fileId } });
        return f;
      });
    },
  };
};

export type CredentialsService = ReturnType<typeof createCredentialsService>;
