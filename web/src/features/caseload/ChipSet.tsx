import { Chip, Fieldset, Group, Text } from '@mantine/core';

/**
 * Chips over a list of values, with a legend (checkbox semantics: each chip is a labelled
 * checkbox). An error is shown under the chips and tied to the group (`aria-describedby`).
 */
export function ChipSet(props: {
  legend: string;
  description?: string;
  options: Array<{ value: string; label: string }>;
  value: string[];
  onChange: (v: string[]) => void;
  error?: string | undefined;
  id?: string;
  required?: boolean;
}) {
  const errorId = props.id ? `${props.id}-error` : undefined;
  return (
    <Fieldset
      id={props.id}
      legend={
        <>
          {props.legend}
          {props.required && (
            <span aria-hidden="true" style={{ color: 'var(--mantine-color-red-8)' }}>
              {' *'}
            </span>
          )}
        </>
      }
      variant="unstyled"
      aria-invalid={props.error ? true : undefined}
      aria-describedby={props.error ? errorId : undefined}
      styles={{ legend: { fontWeight: 600, fontSize: 'var(--mantine-font-size-sm)', marginBottom: 4 } }}
    >
      {props.description && (
        <Text size="sm" c="dimmed" mb={6}>
          {props.description}
        </Text>
      )}
      <Chip.Group multiple value={props.value} onChange={props.onChange}>
        <Group gap="xs" wrap="wrap">
          {props.options.map((o) => (
            <Chip key={o.value} value={o.value} styles={{ label: { whiteSpace: 'normal', height: 'auto', minHeight: 32, paddingBlock: 6 } }}>
              {o.label}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      {props.error && (
        <Text size="sm" c="red.8" mt={6} id={errorId}>
          {props.error}
        </Text>
      )}
    </Fieldset>
  );
}
