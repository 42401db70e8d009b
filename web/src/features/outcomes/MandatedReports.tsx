import { Button, Card, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { useCurrentUser } from '../../app/session';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { listMandatedReports, recordMandatedReport } from './safety.api';

const localNow = () => {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
};

/**
 * A mandated report recorded on a note (issue 20): what was reported, to whom, when. The peer
 * records it; only supervisors and admins read reports back (the server refuses others).
 */
export function MandatedReports(props: { encounterId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const reader = me.role === 'supervisor' || me.role === 'admin';
  const key = ['mandated-reports', props.encounterId];
  const list = useQuery({ queryKey: key, queryFn: () => listMandatedReports(props.encounterId), enabled: reader });
  const [open, setOpen] = useState(false);
  const [what, setWhat] = useState('');
  const [to, setTo] = useState('');
  const [when, setWhen] = useState(localNow);
  const [saved, setSaved] = useState(false);
  const record = useMutation({
    mutationFn: () => recordMandatedReport(props.encounterId, { what: what.trim(), reportedTo: to.trim(), reportedAt: new Date(when).toISOString() }),
    onSuccess: () => {
      setSaved(true);
      setOpen(false);
      setWhat('');
      setTo('');
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="mandated-title">
      <Stack gap="sm">
        <Title order={2} fz={18} id="mandated-title">
          {t('mandatedReports.title')}
        </Title>
        <Text size="sm">{reader ? t('mandatedReports.helpReader') : t('mandatedReports.helpPeer')}</Text>
        {reader && list.data && list.data.items.length > 0 && (
          <ul className="safety-list">
            {list.data.items.map((r) => (
              <li key={r.id}>
                <Text fw={600}>{r.what}</Text>
                <Text size="sm">{t('mandatedReports.toWhen', { to: r.reportedTo, when: f.dateTime(r.reportedAt) })}</Text>
              </li>
            ))}
          </ul>
        )}
        {saved && <Text role="status">{t('mandatedReports.saved')}</Text>}
        {!open ? (
          <Button variant="default" onClick={() => setOpen(true)} style={{ alignSelf: 'flex-start' }}>
            {t('mandatedReports.record')}
          </Button>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              record.mutate();
            }}
          >
            <Stack gap="xs">
              <Textarea label={t('mandatedReports.what')} required value={what} onChange={(e) => setWhat(e.currentTarget.value)} autosize minRows={2} maxLength={4000} />
              <TextInput label={t('mandatedReports.to')} description={t('mandatedReports.toHelp')} required value={to} onChange={(e) => setTo(e.currentTarget.value)} maxLength={500} />
              <TextInput type="datetime-local" label={t('mandatedReports.when')} required value={when} onChange={(e) => setWhen(e.currentTarget.value)} />
              {record.isError && <ErrorAlert error={record.error} />}
              <Button type="submit" loading={record.isPending} style={{ alignSelf: 'flex-start' }}>
                {t('mandatedReports.save')}
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}
