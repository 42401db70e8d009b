import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert';

/**
 * A dialog that says what an action will do before it is done (an operator removing a mapping, a
 * need's words put back, a participant taking back a consent): the reader keeps things as they
 * are, or confirms. A failure is said in the dialog, which stays open; closing it keeps things as
 * they are.
 */
export function ConfirmDialog(props: {
  opened: boolean;
  title: string;
  keepLabel: string;
  confirmLabel: string;
  onKeep: () => void;
  onConfirm: () => void;
  pending: boolean;
  error: unknown;
  children: ReactNode;
}) {
  return (
    <Modal opened={props.opened} onClose={props.onKeep} title={props.title} centered closeButtonProps={{ 'aria-label': props.keepLabel }}>
      {props.opened && (
        <Stack gap="sm">
          {props.children}
          <ErrorAlert error={props.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={props.onKeep}>
              {props.keepLabel}
            </Button>
            <Button color="red.9" loading={props.pending} onClick={props.onConfirm}>
              {props.confirmLabel}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
