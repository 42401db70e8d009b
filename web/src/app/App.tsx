import '@mantine/core/styles.css';
import './app.css';
import { MantineProvider } from '@mantine/core';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { isApiError } from './api';
import { i18next } from './i18n';
import { createRouter } from './router';
import { meKey } from './session';
import { cssVariablesResolver, theme } from './theme';

/** A 401 on any request after sign-in means the session ended (idle logout): show sign-in. */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isApiError(error) && error.status === 401 && query.queryKey[0] !== meKey[0]) {
          client.setQueryData(meKey, null);
        }
      },
    }),
    mutationCache: new MutationCache({
      onError: (error) => {
        if (isApiError(error) && error.status === 401 && error.code === 'unauthenticated') {
          client.setQueryData(meKey, null);
        }
      },
    }),
    defaultOptions: {
      queries: {
        retry: (count, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
        // Without signal a query fails (and the page says the server cannot be reached) instead
        // of pausing behind an endless "Loading…"; back online, every query is asked again.
        networkMode: 'always',
      },
    },
  });
  return client;
}

export function App(props: { queryClient?: QueryClient }) {
  const [queryClient] = useState(() => props.queryClient ?? createQueryClient());
  const [router] = useState(createRouter);
  // Reasons, explanations and labels worded by the server are cached per language: fetch them again.
  useEffect(() => {
    const refetch = () => void queryClient.invalidateQueries();
    i18next.on('languageChanged', refetch);
    // Back online: what failed or was recalled from this phone (the signed-in user) is asked again.
    window.addEventListener('online', refetch);
    return () => {
      i18next.off('languageChanged', refetch);
      window.removeEventListener('online', refetch);
    };
  }, [queryClient]);
  return (
    <I18nextProvider i18n={i18next}>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>
  );
}
