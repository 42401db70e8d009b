import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format';

/** Previous / next paging with the position read out as text ("Page 2 of 5, 43 results"). */
export function Pager(props: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  label: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  return (
    <nav aria-label={props.label}>
      <Group gap="sm" wrap="wrap" align="center">
        <Button variant="default" size="sm" disabled={props.page <= 1} onClick={() => props.onPage(props.page - 1)}>
          {t('paging.previous')}
        </Button>
        <Text size="sm" aria-live="polite">
          {t('paging.position', {
            page: f.number(props.page),
            pages: f.number(pages),
            total: f.number(props.total),
          })}
        </Text>
        <Button variant="default" size="sm" disabled={props.page >= pages} onClick={() => props.onPage(props.page + 1)}>
          {t('paging.next')}
        </Button>
      </Group>
    </nav>
  );
}
