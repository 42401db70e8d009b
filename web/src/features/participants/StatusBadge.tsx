import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ParticipantStatus } from './participants.api';

const COLORS: Record<ParticipantStatus, string> = { waitlisted: 'indigo.9', active: 'teal.9', inactive: 'gray.7' };

/** Filled badges with dark shades: white text on them meets 4.5:1. */
export function StatusBadge(props: { status: ParticipantStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[props.status]} variant="filled" data-status={props.status}>
      {t(`participants.status.${props.status}`)}
    </Badge>
  );
}
