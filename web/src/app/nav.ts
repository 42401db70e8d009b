/**
 * The navigation entry a page belongs to: the longest entry path that is the page's path or a
 * parent of it. "/referrals/reports" belongs to "Referral report" only, not also to "Referrals";
 * "/referrals/3f…" (a referral) belongs to "Referrals". One entry is current at a time, so the
 * menu never tells a screen reader that two pages are the page it is on.
 */
export const navEntryOf = (pathname: string, entries: readonly string[]): string | undefined => {
  let best: string | undefined;
  for (const e of entries) {
    const within = e === '/' ? pathname === '/' : pathname === e || pathname.startsWith(`${e}/`);
    if (within && (best === undefined || e.length > best.length)) best = e;
  }
  return best;
};
