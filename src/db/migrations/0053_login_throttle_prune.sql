-- Sign-in throttling (0030): each sign-in removes counters that count nothing any more (no
-- failure within the window), oldest first (identity.repo.ts pruneThrottle). Without this the
-- table kept a row for every email and address ever tried.
create index login_throttle_last_failure_idx on login_throttle (last_failure_at nulls first);
