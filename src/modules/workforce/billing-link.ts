import type { Tx } from '../../db/client.ts';
import type { PeerCertification } from '../billing/billing.rules.ts';
import { graceEnd } from './credential.rules.ts';
import type { RuleSet } from './credential.types.ts';
import { findRuleSet, ruleSetCatalog } from './credentials.service.ts';
import * as repo from './workforce.repo.ts';

/**
 * A peer's workforce credentials as billing sees them (issue 21): billing already stops a note
 * whose rendering peer's certification expired before the service date; with a rule set, the
 * credential keeps billing through the body's grace and stops when it is inactive or lapsed.
 */
/** One credential as billing sees it, by its rule set. */
export const toBillingCertification = (
  rules: Pick<RuleSet, 'renewal' | 'name'>,
  c: Pick<repo.CredentialRow, 'typeCode' | 'issuingBody' | 'number' | 'expiresOn' | 'issuedOn' | 'recordedStatus'>,
): PeerCertification => ({
  type: c.typeCode,
  issuer: c.issuingBody,
  number: c.number,
  expiresOn: c.expiresOn,
  issuedOn: c.issuedOn,
  billableThrough: graceEnd(rules, c.expiresOn) ?? c.expiresOn,
  afterGrace: rules.renewal.inactiveState ? 'inactive' : 'lapsed',
  recordedStatus: c.recordedStatus === 'inactive' || c.recordedStatus === 'lapsed' ? c.recordedStatus : null,
  name: rules.name,
});

export const workforceCertifications = async (tx: Tx, peerIds: string[]): Promise<Map<string, PeerCertification[]>> => {
  const out = new Map<string, PeerCertification[]>();
  const rows = await repo.credentialsOfPeers(tx, peerIds);
  if (rows.length === 0) return out;
  const catalog = await ruleSetCatalog(tx);
  for (const c of rows) {
    const rules = findRuleSet(catalog, c.typeCode, c.typeVersion) ?? findRuleSet(catalog, c.typeCode);
    if (!rules) continue;
    out.set(c.peerId, [...(out.get(c.peerId) ?? []), toBillingCertification(rules, c)]);
  }
  return out;
};
