-- Row-level security binds the table owner too (FORCE ROW LEVEL SECURITY).
--
-- Until now every tenant table had RLS enabled but not forced, so its owner (the user that runs
-- the migrations, which is also the login of the application's connections on a server) was not
-- bound by the tenant policies at all: code running with the owner's rights (`db.owner()`, the
-- SECURITY DEFINER functions, a connection that left the application role) could read and write
-- every organization's participants, notes and consents. Superusers and BYPASSRLS roles still pass
-- (PostgreSQL has no way to bind them); an installation whose owner is an ordinary role is now
-- bound as the application role is.
--
-- The owner keeps exactly the cross-organization reads its own code needs, and no writes:
-- * organizations, users, sessions, api_tokens: pb_auth_*, pb_setup_needed, pb_organization_name
--   find a user, session or token before the organization is known;
-- * referral_links, directory_managers: pb_referral_link, pb_referral_receiver_org;
-- * audit_events, audit_chain_heads: `peerbridge audit verify` checks every chain;
-- * payers: the operator's lookup of a payer's organization (billing CLI).
-- Everything else (participants, notes, plans, consents, claims...) the owner sees only inside a
-- tenant, like the application. A later migration that changes tenant rows must therefore name
-- each organization (set app.org_id) or run as a superuser; otherwise it changes nothing.
-- test/platform.int.test.ts enumerates the catalog, so a new table without forced RLS fails it.

do $$
declare
  t record;
begin
  for t in
    select c.relname, pg_get_userbyid(c.relowner) as owner
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relrowsecurity
  loop
    execute format('alter table %I force row level security', t.relname);
    if t.relname in ('organizations', 'users', 'sessions', 'api_tokens', 'referral_links', 'directory_managers',
                     'audit_events', 'audit_chain_heads', 'payers') then
      execute format('create policy owner_lookup on %I for select to %I using (true)', t.relname, t.owner);
    end if;
  end loop;
end $$;
