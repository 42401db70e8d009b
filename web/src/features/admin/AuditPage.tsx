import { Badge, Button, Card, Code, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useFormat } from '../../app/format';
import { Page } from '../../app/ui/Page';
import { Pager } from '../../app/ui/Pager';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import {
  AUDIT_OUTCOMES,
  KNOWN_ACTIONS,
  KNOWN_ENTITY_TYPES,
  auditActionKey,
  isAuditOutcome,
  listAuditEvents,
  listUsers,
  type AuditEvent,
} from './admin.api';
import { AuditCheckpointCard } from './AuditCheckpointCard';

const PAGE_SIZE = 25;
const FILTERS = ['participant', 'action', 'actorId', 'entityType', 'outcome', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "Participant": an id as it is, anything else a name the server resolves to ids (issue 17). */
function participantQuery(text: string): { participantId?: string; participantName?: string } {
  const v = text.trim();
  if (!v) return {};
  if (UUID.test(v)) return { participantId: v };
  return v.length >= 2 ? { participantName: v } : {};
}

/**
 * A calendar day as the API takes it: a bare date, which the server reads as that day in the
 * organization's time zone (audit.rules.ts listBound), wherever the reader's browser is.
 */
function orgDay(day: string): string | undefined {
  return DATE.test(day) ? day : undefined;
}

function useActionLabel() {
  const { t, i18n } = useTranslation();
  return (action: string) => (i18n.exists(auditActionKey(action)) ? t(auditActionKey(action)) : action);
}

/** A list longer than this (the ids a participant list read) is folded under its count. */
const FOLD_AFTER = 3;

function Details(props: { event: AuditEvent }) {
  const { t } = useTranslation();
  const entries = Object.entries(props.event.details ?? {});
  if (entries.length === 0) return <>—</>;
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  return (
    <Stack gap={2}>
      {entries.map(([k, v]) =>
        Array.isArray(v) && v.length > FOLD_AFTER ? (
          <details key={k}>
            <summary>
              <Code>{`${k}: ${t('audit.items', { count: v.length })}`}</Code>
            </summary>
            <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {v.map(text).join('\n')}
            </Code>
          </details>
        ) : (
          <Code key={k} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{`${k}: ${text(v)}`}</Code>
        ),
      )}
    </Stack>
  );
}

export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const actionLabel = useActionLabel();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const applied = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) as Record<Filter, string>;
  // An outcome the API does not know (an edited address) filters nothing rather than failing.
  if (!isAuditOutcome(applied.outcome)) applied.outcome = '';
  const [draft, setDraft] = useState(applied);
  const set = (k: Filter) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setDraft((d) => ({ ...d, [k]: value }));
  };

  const users = useQuery({
    queryKey: ['users', { page: 1, q: '', pageSize: 200 }],
    queryFn: () => listUsers({ page: 1, pageSize: 200 }),
  });

  // Who did it, by name: the agency's users as the filter lists them (an email stays for others).
  const nameOf = new Map((users.data?.items ?? []).map((u) => [u.id, u.displayName]));
  const entityLabel = (type: string) => (i18n.exists(`audit.entityTypes.${type}`) ? t(`audit.entityTypes.${type}`) : type);

  const events = useQuery({
    queryKey: ['audit-events', { page, ...applied }],
    queryFn: () =>
      listAuditEvents({
        page,
        pageSize: PAGE_SIZE,
        action: applied.action.trim() || undefined,
        actorId: applied.actorId || undefined,
        entityType: applied.entityType.trim() || undefined,
        outcome: isAuditOutcome(applied.outcome) ? applied.outcome : undefined,
        from: orgDay(applied.from),
        to: orgDay(applied.to),
        ...participantQuery(applied.participant),
      }),
    placeholderData: keepPreviousData,
  });

  const apply = (values: Record<Filter, string>, nextPage = 1) => {
    const p = new URLSearchParams();
    for (const k of FILTERS) if (values[k].trim()) p.set(k, values[k].trim());
    if (nextPage > 1) p.set('page', String(nextPage));
    setParams(p);
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    apply(draft);
  };
  const clear = () => {
    const empty = Object.fromEntries(FILTERS.map((k) => [k, ''])) as Record<Filter, string>;
    setDraft(empty);
    apply(empty);
  };

  const anyFilter = FILTERS.some((k) => applied[k]);

  return (
    <Page title={t('audit.title')}>
      <Text>{t('audit.intro')}</Text>
      <AuditCheckpointCard />
      <Card withBorder padding="md">
        <form onSubmit={onSubmit} aria-label={t('audit.filters')}>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
              <TextInput
                label={t('record.auditFilter.participant')}
                description={t('record.auditFilter.participantHint')}
                value={draft.participant}
                onChange={set('participant')}
                minLength={2}
                autoComplete="off"
              />
              <TextInput
                label={t('audit.action')}
                description={t('audit.actionHint')}
                list="audit-action-options"
                value={draft.action}
                onChange={set('action')}
                autoComplete="off"
              />
              <NativeSelect
                label={t('audit.actor')}
                value={draft.actorId}
                onChange={set('actorId')}
                data={[
                  { value: '', label: t('audit.anyActor') },
                  ...(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.displayName ? `${u.displayName} (${u.email})` : u.email })),
                ]}
              />
              <TextInput
                label={t('audit.entityType')}
                list="audit-entity-options"
                value={draft.entityType}
                onChange={set('entityType')}
                autoComplete="off"
              />
              <NativeSelect
                label={t('audit.outcome')}
                description={t('audit.outcomeHint')}
                value={draft.outcome}
                onChange={set('outcome')}
                data={[
                  { value: '', label: t('audit.anyOutcome') },
                  ...AUDIT_OUTCOMES.map((o) => ({ value: o, label: t(`audit.outcomes.${o}`) })),
                ]}
              />
              <TextInput label={t('audit.from')} type="date" value={draft.from} onChange={set('from')} />
              <TextInput label={t('audit.to')} type="date" value={draft.to} onChange={set('to')} />
            </SimpleGrid>
            <datalist id="audit-action-options">
              {KNOWN_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {actionLabel(a)}
                </option>
              ))}
            </datalist>
            <datalist id="audit-entity-options">
              {KNOWN_ENTITY_TYPES.map((e) => (
                <option key={e} value={e}>
                  {entityLabel(e)}
                </option>
              ))}
            </datalist>
            <Group gap="sm">
              <Button type="submit">{t('audit.apply')}</Button>
              <Button variant="default" onClick={clear} disabled={!anyFilter && !FILTERS.some((k) => draft[k])}>
                {t('audit.clear')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
      {events.isPending ? (
        <PageLoader />
      ) : events.isError ? (
        <LoadFailed error={events.error} onRetry={() => void events.refetch()} />
      ) : events.data.items.length === 0 ? (
        <Text role="status">{anyFilter ? t('audit.noMatch') : t('audit.none')}</Text>
      ) : (
        <Stack gap="sm">
          <div className="table-scroll" role="region" aria-labelledby="audit-caption" tabIndex={0}>
            {/* On a phone each event is a block (app.css .stack-on-phone): when and who on a line, what
                happened and to which record at full width, not in a table scrolled sideways. */}
            <Table striped verticalSpacing="sm" miw={860} className="stack-on-phone">
              <caption id="audit-caption" className="table-caption">
                {t('audit.caption', { total: f.number(events.data.total) })}
              </caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('audit.time')}</Table.Th>
                  <Table.Th scope="col">{t('audit.actor')}</Table.Th>
                  <Table.Th scope="col">{t('audit.action')}</Table.Th>
                  <Table.Th scope="col">{t('audit.entity')}</Table.Th>
                  <Table.Th scope="col">{t('audit.source')}</Table.Th>
                  <Table.Th scope="col">{t('audit.details')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {events.data.items.map((ev) => (
                  <Table.Tr key={ev.id} data-action={ev.action} data-outcome={ev.outcome}>
                    <Table.Td miw={110}>
                      <time dateTime={ev.occurredAt}>{f.dateTime(ev.occurredAt)}</time>
                    </Table.Td>
                    <Table.Td miw={150}>
                      {ev.actor?.email ? (
                        <>
                          {nameOf.get(ev.actor.id) && <Text size="sm">{nameOf.get(ev.actor.id)}</Text>}
                          <Text size="xs" c={nameOf.get(ev.actor.id) ? 'dimmed' : undefined} style={{ overflowWrap: 'anywhere' }}>
                            {ev.actor.email}
                          </Text>
                        </>
                      ) : ev.actorKind && i18n.exists(`audit.actorKinds.${ev.actorKind}`) ? (
                        t(`audit.actorKinds.${ev.actorKind}`)
                      ) : (
                        t('audit.actorKinds.unknown')
                      )}
                    </Table.Td>
                    <Table.Td className="stack-full">
                      <Group gap="xs" wrap="wrap">
                        <Text size="sm" fw={600}>
                          {actionLabel(ev.action)}
                        </Text>
                        {ev.outcome === 'denied' && (
                          <Badge color="red.9" variant="filled">
                            {t('audit.refusedBadge')}
                          </Badge>
                        )}
                      </Group>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {ev.action}
                      </Text>
                    </Table.Td>
                    <Table.Td miw={120} style={{ overflowWrap: 'anywhere' }} className="stack-full">
                      {ev.entityType ? (
                        <>
                          <Text size="sm">{entityLabel(ev.entityType)}</Text>
                          {ev.entityId && (
                            <Text size="xs" c="dimmed" ff="monospace">
                              {ev.entityId}
                            </Text>
                          )}
                        </>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td ff="monospace" data-label={t('audit.source')}>
                      {ev.sourceIp ?? '—'}
                    </Table.Td>
                    <Table.Td className="stack-full">
                      <Details event={ev} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          <Pager
            page={events.data.page}
            pageSize={events.data.pageSize}
            total={events.data.total}
            onPage={(p) => apply(applied, p)}
            label={t('audit.paging')}
          />
        </Stack>
      )}
    </Page>
  );
}

