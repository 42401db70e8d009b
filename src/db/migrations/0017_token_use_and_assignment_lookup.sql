-- Two small costs on hot paths.
--
-- 1. An API token's last use is kept to the minute, like a session's last activity: the lookup
--    returns it, so a request with a token used less than a minute ago writes nothing (before, every
--    bearer request updated api_tokens: a row version, WAL and a transaction per request). The
--    function's result type changes, so it is dropped and created again with the same grants.
-- 2. Assignments are looked up by participant on every peer's read of a participant, referral or
--    note (a peer sees the people assigned to them, now or before) and by matching (the peers a
--    participant has ended with). Only active assignments had an index by participant.

drop function pb_auth_api_token(text);
create function pb_auth_api_token(p_token_hash text)
returns table (token_id uuid, user_id uuid, org_id uuid, role text, active boolean, last_used_at timestamptz)
language sql stable security definer set search_path = public, pg_temp as $$
  select t.id, u.id, u.org_id, u.role, u.active, t.last_used_at
  from api_tokens t join users u on u.id = t.user_id
  where t.token_hash = p_token_hash and t.revoked_at is null
$$;
revoke all on function pb_auth_api_token(text) from public;
grant execute on function pb_auth_api_token(text) to peerbridge_app;

create index assignments_participant_idx on assignments (participant_id, peer_id);
