-- Unsigned drafts can be deleted by their author (DELETE /api/v1/encounters/{id}); a signed note
-- is a health record and never is: the service answers 409, and this trigger refuses it too, so
-- no code path can remove an attested note.

create or replace function pb_encounter_signed_undeletable() returns trigger
language plpgsql as $$
begin
  if old.signed_at is not null then
    raise exception 'signed encounter % cannot be deleted', old.id using errcode = 'P0001';
  end if;
  return old;
end $$;

create trigger encounters_signed_undeletable before delete on encounters
  for each row execute function pb_encounter_signed_undeletable();

grant delete on encounters to peerbridge_app;
