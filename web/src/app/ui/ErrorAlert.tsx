import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from './errors';

/** A form- or page-level error, announced by screen readers as it appears. */
export function ErrorAlert(props: { error: unknown; id?: string; title?: string }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  if (!props.error) return null;
  return (
    <Alert id={props.id} color="red" variant="outline" title={props.title ?? t('errors.title')} role="alert">
      {message(props.error)}
    </Alert>
  );
}

export function SuccessAlert(props: { children: string | null | undefined }) {
  if (!props.children) return null;
  return (
    <Alert color="teal" variant="outline" role="status">
      {props.children}
    </Alert>
  );
}
