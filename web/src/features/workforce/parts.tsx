import { Badge, Card, Progress, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CredentialStatus, Week } from './workforce.api';

// Dark fills (and a light yellow with dark text) keep the label at 4.5:1 (axe).
const STATUS_COLOR: Record<CredentialStatus, string> = { active: 'teal.9', grace: 'yellow.3', lapsed: 'red.9', inactive: 'gray.7' };

export function StatusBadge({ status }: { status: CredentialStatus }) {
  const { t } = useTranslation();
  return (
    // Longer labels ("En periodo de gracia") wrap in a narrow column instead of being cut.
    <Badge color={STATUS_COLOR[status]} variant="filled" autoContrast h="auto" py={2} styles={{ label: { whiteSpace: 'normal', overflow: 'visible', lineHeight: 1.3 } }}>
      {t(`workforce.status.${status}`)}
    </Badge>
  );
}

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

export function HoursBar({ done, required, label }: { done: number; required: number; label: string }) {
  const pct = required > 0 ? Math.min(100, (done / required) * 100) : 100;
  return (
    <div>
      <Text size="sm">{label}</Text>
      <Progress value={pct} aria-label={label} color={pct >= 100 ? 'green' : 'blue'} />
    </div>
  );
}

/** A small trend of the intensity index, newest on the right, with its figures as text. */
export function IntensityTrend({ weeks, label }: { weeks: Week[]; label: string }) {
  const { t } = useTranslation();
  const last = weeks.at(-1);
  const max = 100;
  return (
    <div>
      <svg viewBox={`0 0 ${weeks.length * 12} 40`} width="100%" height="40" role="img" aria-label={label} preserveAspectRatio="none">
        {weeks.map((w, i) => (
          <rect key={w.weekStart} x={i * 12 + 2} y={40 - (w.index / max) * 38 - 1} width="8" height={(w.index / max) * 38 + 1} fill={w.index >= 70 ? '#c92a2a' : w.index >= 40 ? '#e8590c' : '#1971c2'} />
        ))}
      </svg>
      {last && (
        <Text size="sm" c="dimmed">
          {t('workforce.intensity.summary', { caseload: last.activeCaseload, capacity: last.capacity, sessions: last.sessions, hours: last.hours, safety: last.safetyFollowups, after: last.afterHoursSessions, referrals: last.referralsInProgress })}
        </Text>
      )}
    </div>
  );
}
