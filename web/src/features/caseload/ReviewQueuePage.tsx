import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../app/format';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { BillingSummary } from './BillingSummary';
import './caseload.css';
import { caseloadKeys, getReviewQueue, type Encounter } from './caseload.api';
import { ReviewActions } from './ReviewActions';

function QueueItem(props: { encounter: Encounter; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const e = props.encounter;
  const who = e.participants.map((p) => p.displayName).join(', ');
  const headingId = `rq-${e.id}`;
  return (
    <li data-encounter={e.id}>
      <Card withBorder padding="md" component="article" aria-labelledby={headingId}>
        <Stack gap="sm">
          <Title order={2} fz={18} id={headingId}>
            <Anchor component={Link} to={`/caseload/encounters/${e.id}`}>
              {t('caseload.review.itemTitle', { who, date: f.dateTime(e.startedAt) })}
            </Anchor>
          </Title>
          <dl className="inline-facts">
            <div>
              <dt>{t('caseload.note.peer')}</dt>
              <dd>{e.peer.displayName}</dd>
            </div>
            <div>
              <dt>{t('caseload.note.type')}</dt>
              <dd>{t(`caseload.types.${e.type}`)}</dd>
            </div>
            <div>
              <dt>{t('caseload.note.duration')}</dt>
              <dd>{t('caseload.minutes', { count: e.durationMinutes })}</dd>
            </div>
            {e.signedAt && (
              <div>
                <dt>{t('caseload.note.signedAt')}</dt>
                <dd>{f.dateTime(e.signedAt)}</dd>
              </div>
            )}
          </dl>
          <Text size="sm" className="narrative-text">
            {e.narrative}
          </Text>
          {e.reviews.some((r) => r.action === 'resubmitted') && (
            <Group>
              <Badge color="grape.9" variant="outline">
                {t('notes.corrected')}
              </Badge>
            </Group>
          )}
          {e.addenda.length > 0 && <Text size="sm">{t('caseload.review.hasAddenda', { count: e.addenda.length })}</Text>}
          <BillingSummary billing={e.billing} facts={e} />
          <ReviewActions
            encounter={e}
            who={who}
            onDone={(_, action) => props.onDone(action === 'cosigned' ? t('caseload.review.cosigned', { who }) : t('caseload.review.returned', { who }))}
          />
        </Stack>
      </Card>
    </li>
  );
}

/** Notes waiting for a supervisor's co-signature, oldest first: co-sign, or return with a comment. */
export default function ReviewQueuePage() {
  const { t } = useTranslation();
  const queue = useQuery({ queryKey: caseloadKeys.reviewQueue, queryFn: getReviewQueue });
  const [status, setStatus] = useState('');
  return (
    <Page title={t('caseload.review.queueTitle')}>
      <Text>{t('caseload.review.intro')}</Text>
      <div role="status" aria-live="polite" className="status-ok">
        {status}
      </div>
      {queue.isPending ? (
        <PageLoader />
      ) : queue.isError ? (
        <LoadFailed error={queue.error} onRetry={() => void queue.refetch()} />
      ) : queue.data.length === 0 ? (
        <Text>{t('caseload.review.empty')}</Text>
      ) : (
        <Stack gap="sm">
          <Group>
            <Text>{t('caseload.review.count', { count: queue.data.length })}</Text>
          </Group>
          <ul className="plain-list" aria-label={t('caseload.review.listLabel')}>
            {queue.data.map((e) => (
              <QueueItem key={e.id} encounter={e} onDone={setStatus} />
            ))}
          </ul>
        </Stack>
      )}
    </Page>
  );
}
