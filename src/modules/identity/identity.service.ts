// Organizations, users, sign-in and sessions, API tokens and first-run setup (issue 18). The use
// cases live in files of their own (identity.users.ts, identity.signin.ts, identity.credentials.ts,
// identity.tokens.ts, identity.setup.ts), wired here with what they share (identity.common.ts);
// the API shapes are in identity.views.ts.
import type { Keys } from '../../core/crypto.ts';
import type { Database } from '../../db/client.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { createIdentityHelpers } from './identity.common.ts';
import { createCredentialCases } from './identity.credentials.ts';
import { createSetupCases } from './identity.setup.ts';
import { createSignInCases } from './identity.signin.ts';
import { createApiTokenCases } from './identity.tokens.ts';
import { createUserCases } from './identity.users.ts';

export { toUserView, type LoginResult, type MeView, type OrganizationView, type SessionAuth, type UserView } from './identity.views.ts';

export interface IdentityDeps {
  db: Database;
  keys: Keys;
  audit: AuditService;
  clock: () => Date;
  sessionTtlMs: number;
  sessionIdleMs: number;
}

export type IdentityService = ReturnType<typeof createIdentityService>;

export const createIdentityService = (deps: IdentityDeps) => {
  const { db, keys, audit, clock } = deps;
  const { tokenHash, findOneLogin, requireAdminOf, checkPassword, insertUserChecked, openSession } = createIdentityHelpers({ db, keys, clock, sessionTtlMs: deps.sessionTtlMs });

  return {
    // ---------- organizations and users (identity.users.ts) ----------

    ...createUserCases({ db, audit, requireAdminOf, insertUserChecked }),

    // ---------- sign-in (identity.signin.ts) ----------

    ...createSignInCases({ db, keys, audit, clock, sessionIdleMs: deps.sessionIdleMs, tokenHash, openSession }),

    // ---------- passwords, two-step sign-in, operator commands (identity.credentials.ts) ----------

    ...createCredentialCases({ db, keys, audit, clock, checkPassword, findOneLogin }),

    // ---------- API tokens (identity.tokens.ts) ----------

    ...createApiTokenCases({ db, audit, clock, tokenHash, findOneLogin, requireAdminOf }),

    // ---------- first run (identity.setup.ts) ----------

    ...createSetupCases({ db, audit, tokenHash, insertUserChecked, openSession }),
  };
};
