import { Alert, Autocomplete, Button, Card, Checkbox, Group, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../app/api';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { focusAfterRemoval } from '../../app/ui/forms';
import { Page } from '../../app/ui/Page';
import { LoadFailed, PageLoader } from '../../app/ui/StatusPages';
import { getSchedules, listInstruments, outcomesKeys, putSchedule, removeSchedule, textIn, type ProgramSchedule } from './outcomes.api';
import { dayDraft, newScheduleDraft, scheduleDraftFrom, toScheduleInput, type EdgeDraft, type ScheduleDraft, type ScheduleDraftError } from './schedule-form';

/**
 * Assessment schedules per program (issue 20), an admin's setting: which measures at intake, at
 * fixed days after intake and at discharge, each with its window. Participants whose first
 * session is in a program with a schedule follow it (their due points on My day and their page);
 * everyone else follows the organization's SUPRT pattern, shown first.
 */
export default function ScheduleSettingsPage() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const schedules = useQuery({ queryKey: outcomesKeys.schedules, queryFn: getSchedules });
  const instruments = useQuery({ queryKey: outcomesKeys.instruments, queryFn: listInstruments });
  const [draft, setDraft] = useState<ScheduleDraft | null>(null);
  const [errors, setErrors] = useState<ScheduleDraftError[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const save = useMutation({
    mutationFn: (d: { program: string; input: NonNullable<ReturnType<typeof toScheduleInput>['input']> }) => putSchedule(d.program, d.input),
    onSuccess: (s) => {
      setDone(t('outcomesWeb.schedules.saved', { program: s.program }));
      setDraft(null);
      void qc.invalidateQueries({ queryKey: outcomesKeys.schedules });
      void qc.invalidateQueries({ queryKey: ['assessments'] });
    },
    onError: () => requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()),
  });
  const remove = useMutation({
    mutationFn: removeSchedule,
    onSuccess: (_v, program) => {
      setDone(t('outcomesWeb.schedules.removed', { program }));
      void qc.invalidateQueries({ queryKey: outcomesKeys.schedules });
    },
  });
  if (schedules.isPending || instruments.isPending) return <PageLoader />;
  if (schedules.isError) return <LoadFailed error={schedules.error} onRetry={() => void schedules.refetch()} />;
  if (instruments.isError) return <LoadFailed error={instruments.error} onRetry={() => void instruments.refetch()} />;

  const titles = new Map(instruments.data.items.map((i) => [i.code, textIn(i.title, i18n.language)]));
  const names = (codes: string[]) => codes.map((c) => titles.get(c) ?? c).join(', ');
  const open = (d: ScheduleDraft) => {
    setDone(null);
    setErrors([]);
    save.reset();
    setDraft(d);
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLInputElement>('input')?.focus());
  };
  /** The client's own message for a field, else the server's (a field inside it counts too: `intake.instruments.1`). */
  const errorOf = (field: string) => {
    const mine = errors.find((e) => e.field === field);
    if (mine) return t(`outcomesWeb.schedules.error.${mine.key}`);
    return isApiError(save.error) ? save.error.errors.find((e) => e.field === field || e.field.startsWith(`${field}.`))?.message : undefined;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    const r = toScheduleInput(draft);
    setErrors(r.errors);
    if (r.input) save.mutate({ program: draft.program.trim(), input: r.input });
    else requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  };
  const set = (patch: Partial<ScheduleDraft>) => setDraft((d) => (d ? { ...d, ...patch } : d));
  const instrumentChoice = (label: string, value: string[], onChange: (v: string[]) => void, field: string) => (
    <Checkbox.Group label={label} value={value} onChange={onChange} error={errorOf(field)}>
      <Group gap="sm" mt={4}>
        {instruments.data.items.map((i) => (
          <Checkbox key={i.code} value={i.code} label={textIn(i.title, i18n.language)} />
        ))}
      </Group>
    </Checkbox.Group>
  );
  const edge = (at: 'intake' | 'discharge', e: EdgeDraft) => (
    <Card withBorder padding="sm">
      <Stack gap="xs">
        <Checkbox label={t(`outcomesWeb.schedules.${at}On`)} checked={e.on} onChange={(ev) => set({ [at]: { ...e, on: ev.currentTarget.checked } })} />
        {e.on && (
          <>
            {instrumentChoice(t(`outcomesWeb.schedules.${at}Measures`), e.instruments, (v) => set({ [at]: { ...e, instruments: v } }), `${at}.instruments`)}
            <TextInput
              w={220}
              inputMode="numeric"
              label={t(`outcomesWeb.schedules.${at}Window`)}
              value={e.windowDays}
              onChange={(ev) => set({ [at]: { ...e, windowDays: ev.currentTarget.value } })}
              error={errorOf(`${at}.windowDays`)}
            />
          </>
        )}
      </Stack>
    </Card>
  );
  const summary = (s: ProgramSchedule) =>
    [
      s.intake ? t('outcomesWeb.schedules.summaryIntake', { measures: names(s.intake.instruments), days: s.intake.windowDays }) : null,
      ...s.fixed.map((f) => t('outcomesWeb.schedules.summaryDay', { day: f.day, measures: names(f.instruments), before: f.windowBefore, after: f.windowAfter })),
      s.discharge ? t('outcomesWeb.schedules.summaryDischarge', { measures: names(s.discharge.instruments), days: s.discharge.windowDays }) : null,
      s.suprt ? t('outcomesWeb.schedules.summarySuprt') : null,
    ].filter((x): x is string => x !== null);
  const suprt = schedules.data.suprt;
  const inUse = schedules.data.programsInUse.map((p) => p.program);

  return (
    <Page title={t('nav.assessmentSchedules')} actions={!draft && <Button onClick={() => open(newScheduleDraft())}>{t('outcomesWeb.schedules.add')}</Button>}>
      <Text>{t('outcomesWeb.schedules.intro')}</Text>
      <Card withBorder padding="md" data-testid="suprt-default">
        <Title order={2} fz={18}>
          {t('outcomesWeb.schedules.suprtTitle')}
        </Title>
        <Text size="sm" mt={4}>
          {t('outcomesWeb.schedules.suprtText', { measures: names(suprt.instruments), baseline: suprt.baselineDays, reassessment: suprt.reassessmentDays, window: suprt.windowDays, closeout: suprt.closeoutDays })}
        </Text>
      </Card>
      {done && (
        <Alert color="green" role="status">
          {done}
        </Alert>
      )}
      {remove.isError && <ErrorAlert error={remove.error} />}
      {schedules.data.programs.length === 0 ? (
        <Text>{t('outcomesWeb.schedules.none')}</Text>
      ) : (
        <Table.ScrollContainer type="native" minWidth={300} tabIndex={0} role="group" aria-label={t('outcomesWeb.schedules.listTitle')}>
          <Table striped data-testid="schedule-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('outcomesWeb.schedules.program')}</Table.Th>
                <Table.Th scope="col">{t('outcomesWeb.schedules.points')}</Table.Th>
                <Table.Th scope="col">{t('outcomesWeb.schedules.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {schedules.data.programs.map((s) => (
                <Table.Tr key={s.program}>
                  <Table.Th scope="row" fw={500}>
                    {s.program}
                  </Table.Th>
                  <Table.Td>
                    <Stack gap={2}>
                      {summary(s).map((line) => (
                        <Text key={line} size="sm">
                          {line}
                        </Text>
                      ))}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs">
                      <Button size="xs" variant="default" onClick={() => open(scheduleDraftFrom(s))} aria-label={t('outcomesWeb.schedules.editOf', { program: s.program })}>
                        {t('outcomesWeb.schedules.edit')}
                      </Button>
                      <Button size="xs" variant="default" color="red.9" loading={remove.isPending && remove.variables === s.program} onClick={() => remove.mutate(s.program)} aria-label={t('outcomesWeb.schedules.removeOf', { program: s.program })}>
                        {t('outcomesWeb.schedules.remove')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {draft && (
        <Card withBorder padding="md">
          <form onSubmit={submit} noValidate ref={formRef} aria-labelledby="schedule-form-title">
            <Stack gap="sm">
              <Title order={2} fz={20} id="schedule-form-title">
                {draft.existing ? t('outcomesWeb.schedules.editOf', { program: draft.program }) : t('outcomesWeb.schedules.add')}
              </Title>
              <Autocomplete
                w={{ base: '100%', sm: 360 }}
                label={t('outcomesWeb.schedules.program')}
                description={t('outcomesWeb.schedules.programHelp')}
                data={inUse}
                value={draft.program}
                disabled={draft.existing}
                onChange={(v) => set({ program: v })}
                required
                error={errorOf('program')}
              />
              {edge('intake', draft.intake)}
              <Stack gap="xs" data-list="days">
                <Title order={3} fz={16}>
                  {t('outcomesWeb.schedules.daysTitle')}
                </Title>
                <Text size="sm">{t('outcomesWeb.schedules.daysHelp')}</Text>
                {draft.fixed.map((f, i) => {
                  const change = (patch: Partial<typeof f>) => set({ fixed: draft.fixed.map((x) => (x.key === f.key ? { ...x, ...patch } : x)) });
                  return (
                    <Card key={f.key} withBorder padding="sm" data-testid="schedule-day">
                      <Stack gap="xs">
                        <SimpleGrid cols={{ base: 1, xs: 3 }}>
                          <TextInput inputMode="numeric" label={t('outcomesWeb.schedules.day')} value={f.day} onChange={(e) => change({ day: e.currentTarget.value })} error={errorOf(`fixed.${i}.day`)} />
                          <TextInput inputMode="numeric" label={t('outcomesWeb.schedules.before')} value={f.windowBefore} onChange={(e) => change({ windowBefore: e.currentTarget.value })} error={errorOf(`fixed.${i}.windowBefore`)} />
                          <TextInput inputMode="numeric" label={t('outcomesWeb.schedules.after')} value={f.windowAfter} onChange={(e) => change({ windowAfter: e.currentTarget.value })} error={errorOf(`fixed.${i}.windowAfter`)} />
                        </SimpleGrid>
                        {instrumentChoice(t('outcomesWeb.schedules.dayMeasures', { day: f.day || '…' }), f.instruments, (v) => change({ instruments: v }), `fixed.${i}.instruments`)}
                        <Group>
                          <Button
                            size="xs"
                            variant="default"
                            aria-label={t('outcomesWeb.schedules.removeDay', { day: f.day || '…' })}
                            onClick={(e) => {
                              focusAfterRemoval(e.currentTarget, 'days');
                              set({ fixed: draft.fixed.filter((x) => x.key !== f.key) });
                            }}
                          >
                            {t('outcomesWeb.schedules.remove')}
                          </Button>
                        </Group>
                      </Stack>
                    </Card>
                  );
                })}
                <Group>
                  <Button size="xs" variant="light" data-list-add="days" onClick={() => set({ fixed: [...draft.fixed, dayDraft('', 7, 7, [])] })}>
                    {t('outcomesWeb.schedules.addDay')}
                  </Button>
                </Group>
              </Stack>
              {edge('discharge', draft.discharge)}
              <Checkbox label={t('outcomesWeb.schedules.alsoSuprt')} checked={draft.suprt} onChange={(e) => set({ suprt: e.currentTarget.checked })} />
              {save.isError && <ErrorAlert error={save.error} />}
              <Group gap="sm">
                <Button type="submit" loading={save.isPending}>
                  {t('outcomesWeb.schedules.save')}
                </Button>
                <Button variant="default" onClick={() => setDraft(null)}>
                  {t('outcomesWeb.schedules.cancel')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
      )}
    </Page>
  );
}
