import { Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useFormat } from '../../app/format';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { fetchRetention, type CriterionRetention } from './matching.api';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/** The last 365 days, today included (the server's default period too). */
const defaultRange = () => {
  const to = new Date();
  return { from: isoDay(new Date(to.getTime() - 364 * 86_400_000)), to: isoDay(to) };
};

/**
 * Match retention by criterion (issue 3, match quality): for the matches made in a period whose
 * quality was recorded after the first meetings, how many kept meeting and how they were rated,
 * overall and by each criterion the match was made on. Aggregates only (supervisors, analysts,
 * admins), so no participant appears here.
 */
export default function RetentionPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const range = { ...defaultRange(), ...Object.fromEntries([...params].filter(([k]) => k === 'from' || k === 'to')) };
  const [draft, setDraft] = useState(range);
  const [rangeError, setRangeError] = useState<string | undefined>();
  const report = useQuery({
    queryKey: ['matching', 'retention', range.from, range.to],
    queryFn: () => fetchRetention(range.from, range.to),
    placeholderData: keepPreviousData,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft.from > draft.to) {
      setRangeError(t('matching.retention.rangeOrder'));
      return;
    }
    setRangeError(undefined);
    setParams(new URLSearchParams({ from: draft.from, to: draft.to }));
  };

  return (
    <Page title={t('nav.matchQuality')}>
      <Text>{t('matching.retention.intro')}</Text>
      <form onSubmit={submit} aria-label={t('matching.retention.period')} noValidate>
        <Group align="start" gap="sm" wrap="wrap">
          <TextInput label={t('matching.retention.from')} type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })} required />
          <TextInput
            label={t('matching.retention.to')}
            type="date"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
            required
            error={rangeError}
          />
          <Button type="submit" mt={25}>
            {t('matching.retention.show')}
          </Button>
        </Group>
      </form>
      {report.isPending ? (
        <PageLoader />
      ) : report.isError ? (
        <LoadFailed error={report.error} onRetry={() => void report.refetch()} />
      ) : report.data.overall.matches === 0 ? (
        <Text data-testid="retention-empty">{t('matching.retention.empty')}</Text>
      ) : (
        <Stack gap="lg">
          <RetentionTable id="retention-overall" title={t('matching.retention.overall')} rows={[report.data.overall]} />
          <RetentionTable id="retention-criteria" title={t('matching.retention.byCriterion')} rows={report.data.byCriterion} />
          <Text size="sm" c="dimmed">
            {t('matching.retention.help')}
          </Text>
        </Stack>
      )}
    </Page>
  );
}

function RetentionTable(props: { id: string; title: string; rows: CriterionRetention[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const pct = (v: number | null) => (v === null ? t('matching.retention.none') : f.percent(v));
  const rating = (v: number | null) => (v === null ? t('matching.retention.none') : t('matching.retention.ratingOf', { rating: f.number(Math.round(v * 10) / 10) }));
  return (
    <section aria-labelledby={props.id}>
      <Title order={2} fz="lg" id={props.id} mb="xs">
        {props.title}
      </Title>
      <Table.ScrollContainer minWidth={560}>
        <Table striped data-testid={props.id}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('matching.retention.criterion')}</Table.Th>
              <Table.Th scope="col">{t('matching.retention.matches')}</Table.Th>
              <Table.Th scope="col">{t('matching.retention.kept')}</Table.Th>
              <Table.Th scope="col">{t('matching.retention.keptRate')}</Table.Th>
              <Table.Th scope="col">{t('matching.retention.averageRating')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.rows.map((r) => (
              <Table.Tr key={r.criterion} data-criterion={r.criterion}>
                <Table.Th scope="row">{t(`matching.retention.criteria.${r.criterion}`, { defaultValue: r.criterion })}</Table.Th>
                <Table.Td>{f.number(r.matches)}</Table.Td>
                <Table.Td>{f.number(r.keptMeeting)}</Table.Td>
                <Table.Td>{pct(r.keptMeetingRate)}</Table.Td>
                <Table.Td>{rating(r.averageRating)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </section>
  );
}
