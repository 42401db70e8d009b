import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, setCsrfToken } from './api';

export const ROLES = ['admin', 'supervisor', 'peer', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

/** `GET /api/v1/me`: the signed-in user. */
export interface Me {
  id: string;
  email: string;
  displayName: string | null;
  role: Role;
  organization: { id: string; name: string };
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
    return me;
  } catch (e) {
    // 401 is an answer, not a failure: nobody is signed in.
    if (isApiError(e) && e.status === 401) {
      setCsrfToken(null);
      return null;
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
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(meKey, null);
    },
  });
}

export function displayNameOf(user: { displayName?: string | null; email: string }): string {
  return user.displayName?.trim() || user.email;
}
