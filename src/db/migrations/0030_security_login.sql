-- Security (issue 18): sign-in that tells nobody which emails exist, and that an unknown party's
-- failures cannot lock the right password out.
--
-- 1. Emails are unique within an organization, no longer across the instance: an admin creating
--    a user with an email another organization uses gets the same answer as for a fresh email
--    (before, "email taken" told them that address has an account elsewhere). Sign-in finds the
--    accounts with that email (several organizations: the password tells them apart), so the
--    lookup returns every such account, oldest first.
-- 2. Sign-in throttling (identity.rules.ts `throttleWait`) keeps failure counters per (email,
--    address) pair, per address and per email, each under a keyed hash (HMAC of the instance
--    secret): no email or address is stored, and an unknown email is counted exactly like a known
--    one, so the answers cannot tell them apart. The table is instance-wide (it is read before any
--    organization is known): row-level security has no tenant to bind it to, and it holds only
--    hashes and counters.
drop index users_email_key;
create unique index users_org_email_key on users (org_id, email);
create index users_email_idx on users (email);

create or replace function pb_auth_user_by_email(p_email text)
returns table (id uuid, org_id uuid, role text, active boolean, password_hash text,
  failed_logins integer, locked_until timestamptz, totp_enabled boolean)
language sql stable security definer set search_path = public, pg_temp as $$
  select u.id, u.org_id, u.role, u.active, u.password_hash, u.failed_logins, u.locked_until, u.totp_enabled
  from users u where u.email = lower(btrim(p_email)) order by u.created_at, u.id
$$;

create table login_throttle (
  key text primary key,
  failures integer not null default 0,
  last_failure_at timestamptz
);
grant select, insert, update, delete on login_throttle to peerbridge_app;
