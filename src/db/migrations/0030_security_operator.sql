-- Security (issue 18): the shared directory belongs to the instance, not to any tenant.
--
-- 1. An instance operator is a user flag, not an organization role: roles say what someone may do
--    in their own organization; the flag says they may also change what every organization and
--    the public HSDS API serve (the shared directory). Only the CLI grants it
--    (`peerbridge operator create` / `grant`); an admin's PATCH of users cannot, the column is not
--    in any request schema. Sign-in reads it through the SECURITY DEFINER lookups, which change
--    their result type and so are dropped and created again with the same grants.
-- 2. The built-in national entries (988, 211 and the categories, pb_source 'peerbridge', seeded
--    by 0005) are protected rows: the import refuses them row by row (directory.rules.ts), and a
--    trigger refuses any update or delete of such a row, or a new row claiming that source, unless
--    a later migration says it maintains them (`set local pb.builtin_maintenance = 'on'`). The
--    triggers carry a WHEN clause, so the rows of a large import pay no function call.

alter table users add column instance_operator boolean not null default false;

drop function pb_auth_session(text);
create function pb_auth_session(p_token_hash text)
returns table (session_id uuid, user_id uuid, org_id uuid, role text, active boolean, csrf_token text,
  expires_at timestamptz, last_seen_at timestamptz, instance_operator boolean)
language sql stable security definer set search_path = public, pg_temp as $$
  select s.id, u.id, u.org_id, u.role, u.active, s.csrf_token, s.expires_at, s.last_seen_at, u.instance_operator
  from sessions s join users u on u.id = s.user_id where s.token_hash = p_token_hash
$$;
revoke all on function pb_auth_session(text) from public;
grant execute on function pb_auth_session(text) to peerbridge_app;

drop function pb_auth_api_token(text);
create function pb_auth_api_token(p_token_hash text)
returns table (token_id uuid, user_id uuid, org_id uuid, role text, active boolean, last_used_at timestamptz, instance_operator boolean)
language sql stable security definer set search_path = public, pg_temp as $$
  select t.id, u.id, u.org_id, u.role, u.active, t.last_used_at, u.instance_operator
  from api_tokens t join users u on u.id = t.user_id
  where t.token_hash = p_token_hash and t.revoked_at is null
$$;
revoke all on function pb_auth_api_token(text) from public;
grant execute on function pb_auth_api_token(text) to peerbridge_app;

create or replace function pb_protect_builtin() returns trigger
language plpgsql as $$
begin
  if coalesce(current_setting('pb.builtin_maintenance', true), '') = 'on' then
    return case when tg_op = 'DELETE' then old else new end;
  end if;
  raise exception 'built-in directory entries (source peerbridge) are protected: % on % refused', lower(tg_op), tg_table_name
    using errcode = 'P0001', hint = 'pb-builtin-protected';
end $$;

do $$
declare t text;
begin
  foreach t in array array['hsds_organization', 'hsds_program', 'hsds_service', 'hsds_attribute', 'hsds_service_at_location',
    'hsds_location', 'hsds_phone', 'hsds_contact', 'hsds_address', 'hsds_schedule', 'hsds_funding', 'hsds_service_area',
    'hsds_required_document', 'hsds_language', 'hsds_accessibility', 'hsds_taxonomy_term', 'hsds_metadata',
    'hsds_meta_table_description', 'hsds_cost_option', 'hsds_organization_identifier', 'hsds_taxonomy']
  loop
    execute format('create trigger %I before update or delete on %I for each row when (old.pb_source = ''peerbridge'') execute function pb_protect_builtin()', t || '_builtin_kept', t);
    execute format('create trigger %I before insert on %I for each row when (new.pb_source = ''peerbridge'') execute function pb_protect_builtin()', t || '_builtin_claimed', t);
    -- The import asks which of its ids are built in: a few rows, found without reading the table.
    execute format('create index %I on %I (id) where pb_source = ''peerbridge''', t || '_builtin_idx', t);
  end loop;
end $$;
