import { Button, Checkbox, Fieldset, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { focusAfterRemoval } from '../../app/ui/forms';
import { useTaxonomy } from './matching.api';
import {
  COMMON_LANGUAGES,
  DAYS,
  browserTimeZone,
  isLanguageTag,
  languageName,
  splitList,
  timeZones,
  windowProblem,
  type AvailabilityWindow,
  type Day,
  type Importance,
} from './vocab';

/**
 * Form pieces shared by the peer profile and the intake: native fieldsets with a legend (screen
 * readers announce the group), errors tied to their group with aria-describedby, and controls that
 * stay one column wide on a 360 px phone.
 */

export function FieldGroup(props: { legend: string; description?: string; error?: string | undefined; list?: string; children: ReactNode }) {
  const id = useId();
  const describedBy = [props.description ? `${id}-d` : '', props.error ? `${id}-e` : ''].filter(Boolean).join(' ');
  return (
    <Fieldset
      legend={props.legend}
      variant="unstyled"
      aria-describedby={describedBy || undefined}
      aria-invalid={props.error ? true : undefined}
      data-list={props.list}
      styles={{ legend: { fontWeight: 600, fontSize: 'var(--mantine-font-size-sm)', marginBottom: 4 } }}
    >
      <Stack gap={6}>
        {props.description && (
          <Text id={`${id}-d`} size="sm" c="dimmed">
            {props.description}
          </Text>
        )}
        {props.children}
        {props.error && (
          <Text id={`${id}-e`} size="sm" c="red.9" role="alert">
            {props.error}
          </Text>
        )}
      </Stack>
    </Fieldset>
  );
}

/** A set of checkboxes over fixed values, wrapped so they flow on wide screens and stack on phones. */
export function CheckboxSet<V extends string>(props: {
  legend: string;
  description?: string;
  options: ReadonlyArray<{ value: V; label: string }>;
  value: readonly string[];
  onChange: (next: V[]) => void;
  error?: string | undefined;
}) {
  const toggle = (v: V, on: boolean) => {
    const rest = props.value.filter((x) => x !== v) as V[];
    props.onChange(on ? [...rest, v] : rest);
  };
  return (
    <FieldGroup legend={props.legend} description={props.description} error={props.error}>
      <Group gap="md" wrap="wrap">
        {props.options.map((o) => (
          <Checkbox
            key={o.value}
            label={o.label}
            checked={props.value.includes(o.value)}
            onChange={(e) => toggle(o.value, e.currentTarget.checked)}
          />
        ))}
      </Group>
    </FieldGroup>
  );
}

/** Common languages as checkboxes, named in the reader's language, and a box for any other code. */
export function LanguagesField(props: {
  legend: string;
  description?: string;
  value: string[];
  onChange: (next: string[]) => void;
  error?: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const common = COMMON_LANGUAGES as readonly string[];
  const others = props.value.filter((c) => !common.includes(c));
  const [otherText, setOtherText] = useState(others.join(', '));
  const [otherError, setOtherError] = useState<string | undefined>();
  const commonChosen = props.value.filter((c) => common.includes(c));
  // Intl names most languages; a few (American Sign Language, `ase`) it does not know.
  const displayLanguage = (code: string) => {
    const name = languageName(code, i18n.language);
    return name === code ? t(`matching.vocab.languageNames.${code}`, { defaultValue: code }) : name;
  };
  const setOthers = (text: string) => {
    setOtherText(text);
    const codes = splitList(text);
    const bad = codes.find((c) => !isLanguageTag(c));
    setOtherError(bad ? t('matching.form.languageCodeInvalid', { code: bad }) : undefined);
    props.onChange([...commonChosen, ...codes.filter(isLanguageTag)]);
  };
  return (
    <FieldGroup legend={props.legend} description={props.description} error={props.error}>
      <Group gap="md" wrap="wrap">
        {COMMON_LANGUAGES.map((code) => (
          <Checkbox
            key={code}
            label={displayLanguage(code)}
            checked={props.value.includes(code)}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              const rest = props.value.filter((c) => c !== code);
              props.onChange(on ? [...commonChosen.filter((c) => c !== code), code, ...others] : rest);
            }}
          />
        ))}
      </Group>
      <TextInput
        label={t('matching.form.otherLanguages')}
        description={t('matching.form.otherLanguagesHint')}
        value={otherText}
        onChange={(e) => setOthers(e.currentTarget.value)}
        error={otherError}
        maw={360}
      />
    </FieldGroup>
  );
}

export function TimeZoneSelect(props: { value: string; onChange: (tz: string) => void; label?: string }) {
  const { t } = useTranslation();
  const zones = timeZones();
  const data = zones.includes(props.value) ? zones : [props.value, ...zones];
  return (
    <NativeSelect
      label={props.label ?? t('matching.form.timeZone')}
      value={props.value}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      data={data}
      maw={360}
    />
  );
}

/** Weekly windows: day, from, to; add and remove rows. Errors are checked before saving. */
export function AvailabilityEditor(props: {
  legend: string;
  description?: string;
  windows: AvailabilityWindow[];
  onChange: (next: AvailabilityWindow[]) => void;
  showErrors: boolean;
  timeZone?: { value: string; onChange: (tz: string) => void };
}) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<AvailabilityWindow>) =>
    props.onChange(props.windows.map((w, j) => (j === i ? { ...w, ...patch } : w)));
  return (
    <FieldGroup legend={props.legend} description={props.description} list="windows">
      {props.windows.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('matching.form.noWindows')}
        </Text>
      )}
      {props.windows.map((w, i) => {
        const problem = props.showErrors ? windowProblem(w) : null;
        const n = i + 1;
        return (
          <Group key={i} gap="xs" align="flex-start" wrap="wrap" data-window={i}>
            <NativeSelect
              label={t('matching.form.day')}
              aria-label={t('matching.form.dayOf', { n })}
              value={w.day}
              onChange={(e) => set(i, { day: e.currentTarget.value as Day })}
              data={DAYS.map((d) => ({ value: d, label: t(`matching.vocab.days.${d}`) }))}
              w={140}
            />
            <TextInput
              type="time"
              label={t('matching.form.from')}
              aria-label={t('matching.form.fromOf', { n })}
              value={w.start}
              onChange={(e) => set(i, { start: e.currentTarget.value })}
              error={problem === 'timeFormat' ? t('matching.form.timeFormat') : undefined}
              w={130}
            />
            <TextInput
              type="time"
              label={t('matching.form.to')}
              aria-label={t('matching.form.toOf', { n })}
              value={w.end}
              onChange={(e) => set(i, { end: e.currentTarget.value })}
              error={problem === 'windowOrder' ? t('matching.form.windowOrder') : undefined}
              w={130}
            />
            <Button
              variant="default"
              mt={25}
              onClick={(e) => {
                focusAfterRemoval(e.currentTarget, 'windows');
                props.onChange(props.windows.filter((_, j) => j !== i));
              }}
              aria-label={t('matching.form.removeWindow', { n })}
            >
              {t('matching.form.remove')}
            </Button>
          </Group>
        );
      })}
      <Group>
        <Button
          variant="default"
          data-list-add="windows"
          onClick={() => props.onChange([...props.windows, { day: 'mon', start: '09:00', end: '12:00' }])}
        >
          {t('matching.form.addWindow')}
        </Button>
      </Group>
      {props.timeZone && <TimeZoneSelect value={props.timeZone.value} onChange={props.timeZone.onChange} />}
    </FieldGroup>
  );
}

export const defaultTimeZone = browserTimeZone;

/** Lived-experience wishes: pick a code and how much it matters, add it; each chosen one can be removed. */
export function ExperienceWishes(props: {
  value: Array<{ code: string; importance: Importance }>;
  onChange: (next: Array<{ code: string; importance: Importance }>) => void;
}) {
  const { t } = useTranslation();
  const { entries, label, query } = useTaxonomy();
  const [code, setCode] = useState('');
  const [importance, setImportance] = useState<Importance>('preferred');
  const chosen = new Set(props.value.map((w) => w.code));
  const roots = entries.filter((e) => e.parent === null);
  const data = [
    { value: '', label: t('matching.form.chooseExperience') },
    ...roots.map((root) => ({
      group: label(root.code),
      items: [root, ...entries.filter((e) => e.parent !== null && e.code.startsWith(`${root.code}.`))]
        .filter((e) => !chosen.has(e.code))
        .map((e) => ({ value: e.code, label: e.parent === null ? t('matching.form.anyOf', { label: label(e.code) }) : label(e.code) })),
    })),
  ];
  const add = () => {
    if (!code) return;
    props.onChange([...props.value.filter((w) => w.code !== code), { code, importance }]);
    setCode('');
  };
  return (
    <FieldGroup legend={t('matching.form.experienceWishes')} description={t('matching.form.experienceWishesHint')} list="wishes">
      {query.isError && (
        <Text size="sm" c="red.9" role="alert">
          {t('matching.form.taxonomyFailed')}
        </Text>
      )}
      {props.value.length > 0 && (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 6 }} aria-label={t('matching.form.chosenWishes')}>
          {props.value.map((w) => (
            <li key={w.code}>
              <Group gap="xs" wrap="wrap">
                <Text size="sm" fw={600}>
                  {label(w.code)}
                </Text>
                <Text size="sm">· {t(`matching.vocab.importance.${w.importance}`)}</Text>
                <Button
                  size="xs"
                  variant="default"
                  onClick={(e) => {
                    focusAfterRemoval(e.currentTarget, 'wishes');
                    props.onChange(props.value.filter((x) => x.code !== w.code));
                  }}
                  aria-label={t('matching.form.removeWish', { label: label(w.code) })}
                >
                  {t('matching.form.remove')}
                </Button>
              </Group>
            </li>
          ))}
        </ul>
      )}
      <Group gap="xs" align="flex-end" wrap="wrap">
        <NativeSelect
          label={t('matching.form.experience')}
          data-list-add="wishes"
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          data={data}
          style={{ flex: '1 1 16rem', maxWidth: '28rem' }}
        />
        <NativeSelect
          label={t('matching.form.importance')}
          value={importance}
          onChange={(e) => setImportance(e.currentTarget.value as Importance)}
          data={(['preferred', 'required'] as const).map((v) => ({ value: v, label: t(`matching.vocab.importance.${v}`) }))}
          w={160}
        />
        <Button variant="default" onClick={add} disabled={!code}>
          {t('matching.form.addWish')}
        </Button>
      </Group>
    </FieldGroup>
  );
}
