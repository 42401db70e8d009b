import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, setCsrfToken } from './api';
import { clearDraftsOf } from '../features/caseload/draftStore';
import { forgetUser, recallUser, rememberUser } from './offline/lastUser';

export const ROLES = ['admin', 'supervisor', 'peer', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

/** `GET /api/v1/me`: the signed-in user. */
export interface Me {
  id: string;
  email: string;
  displayName: string | null;
  role: Role;
  organization: { id: string; name: string; timeZone: string };
  totpEnabled: boolean;
  /** An instance operator: may change the shared directory (imports). */
  operator?: boolean;
  csrfToken: string;
}

export const meKey = ['me'] as const;

export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api<Me>('/me');
    setCsrfToken(me.csrfToken);
    rememberUser(me);
    return me;
  } catch (e) {
    // 401 is an answer, not a failure: nobody is signed in.
    if (isApiError(e) && e.status === 401) {
      setCsrfToken(null);
      forgetUser();
      return null;
    }
    // No signal: the person who was signed in on this phone keeps their app and their drafts; the
    // server checks the session again as soon as the connection is back (App refetches /me).
    const last = isApiError(e) && e.status === 0 ? recallUser() : null;
    if (last) {
      setCsrfToken(last.csrfToken);
      return last;
    }
    throw e;
  }
}

/** The current user, `null` when signed out, `undefined` while loading. */
export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 60_000, retry: false });
}

/** The signed-in user inside the authenticated layout (the layout guarantees it). */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser outside an authenticated route');
  return data;
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/auth/logout', { method: 'POST' }),
    onSettled: () => {
      // A shared phone keeps nothing of the person who signed out: their drafts and their account.
      const me = queryClient.getQueryData<Me | null>(meKey);
      if (me) clearDraftsOf(me.id);
      forgetUser();
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(meKey, null);
    },
  });
}

export function displayNameOf(user: { displayName?: string | null; email: string }): string {
  return user.displayName?.trim() || user.email;
}
