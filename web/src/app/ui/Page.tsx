import { Group, Stack, Title } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

let firstPageShown = false;

/** Sets the document title for the route (WCAG 2.4.2). */
export function useDocumentTitle(title: string): void {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
}

/**
 * Every screen starts here: the route's title in the tab and as the one `h1`, and after an in-app
 * navigation focus moves to that heading so screen reader and keyboard users start at the new
 * content rather than at the link they just followed.
 */
export function Page(props: { title: string; actions?: ReactNode; children: ReactNode }) {
  useDocumentTitle(props.title);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (firstPageShown) heading.current?.focus({ preventScroll: false });
    firstPageShown = true;
  }, []);
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center" wrap="wrap" gap="sm">
        <Title order={1} ref={heading} tabIndex={-1} fz={{ base: 24, sm: 30 }} style={{ outline: 'none' }}>
          {props.title}
        </Title>
        {props.actions}
      </Group>
      {props.children}
    </Stack>
  );
}
