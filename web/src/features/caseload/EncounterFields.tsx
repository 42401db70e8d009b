// The note form's fields (EncounterEditor.tsx): the person, when and how long, type and modality,
// the others in a group, the plan's goals, the narrative (or its type's template), activities,
// next steps, follow-up and place. Each change goes through the editor, which keeps it on this
// device at once and saves the draft after a pause (draftStore.ts, issue 4).
import { Anchor, Button, Group, NativeSelect, Stack, Text, TextInput, Textarea } from '@mantine/core';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ActivitiesField } from './ActivitiesField';
import { ENCOUNTER_TYPES, MODALITIES, PLACES_OF_SERVICE, type EncounterDefaults } from './caseload.api';
import { ChipSet } from './ChipSet';
import type { DraftValues } from './draftStore';
import type { Problems } from './encounterForm';

export function EncounterFields(props: {
  values: DraftValues;
  update: <K extends keyof DraftValues>(k: K, value: DraftValues[K]) => void;
  problems: Problems;
  fieldError: (field: string) => string | undefined;
  encounterId: string | null;
  caseloadOptions: Array<{ value: string; label: string }>;
  goals: EncounterDefaults['goals'];
  template: string | undefined;
  defaultsLoaded: boolean;
  participantRef: RefObject<HTMLSelectElement | null>;
  narrativeRef: RefObject<HTMLTextAreaElement | null>;
}) {
  const { t } = useTranslation();
  const { values, update, problems, fieldError, encounterId, caseloadOptions, goals, template, defaultsLoaded, participantRef, narrativeRef } = props;
  return (
    <>
      <NativeSelect
        ref={participantRef}
        label={t('caseload.note.participant')}
        required
        value={values.participantId}
        disabled={Boolean(encounterId)}
        onChange={(e) => update('participantId', e.currentTarget.value)}
        data={[{ value: '', label: t('caseload.note.choosePerson') }, ...caseloadOptions]}
        error={problems.participantId ?? fieldError('participantId')}
      />
      <Group grow wrap="wrap" align="flex-start" gap="sm">
        <TextInput
          type="datetime-local"
          label={t('caseload.note.startedAt')}
          value={values.startedAt}
          onChange={(e) => update('startedAt', e.currentTarget.value)}
          error={problems.startedAt ?? fieldError('startedAt')}
          miw={240}
        />
        <TextInput
          type="number"
          inputMode="numeric"
          min={1}
          max={1440}
          label={t('caseload.note.duration')}
          value={values.durationMinutes}
          onChange={(e) => update('durationMinutes', e.currentTarget.value)}
          error={problems.durationMinutes ?? fieldError('durationMinutes')}
          miw={140}
        />
      </Group>
      <Group grow wrap="wrap" align="flex-start" gap="sm">
        <NativeSelect
          label={t('caseload.note.type')}
          value={values.type}
          onChange={(e) => update('type', e.currentTarget.value)}
          data={ENCOUNTER_TYPES.map((x) => ({ value: x, label: t(`caseload.types.${x}`) }))}
          miw={200}
        />
        <NativeSelect
          label={t('caseload.note.modality')}
          value={values.modality}
          onChange={(e) => update('modality', e.currentTarget.value)}
          data={MODALITIES.map((x) => ({ value: x, label: t(`caseload.modalities.${x}`) }))}
          miw={160}
        />
      </Group>
      {values.type === 'group' && (
        <ChipSet
          legend={t('caseload.note.groupOthers')}
          description={t('caseload.note.groupOthersHint')}
          options={caseloadOptions.filter((o) => o.value !== values.participantId)}
          value={values.others}
          onChange={(v) => update('others', v)}
        />
      )}
      {goals.length > 0 ? (
        <ChipSet
          legend={t('caseload.note.goals')}
          description={t('caseload.note.goalsHint')}
          options={goals.map((g) => ({ value: g.id, label: g.text }))}
          value={values.goalIds}
          onChange={(v) => update('goalIds', v)}
        />
      ) : (
        values.participantId &&
        defaultsLoaded && (
          <Text size="sm">
            {t('caseload.note.noGoals')}{' '}
            <Anchor component={Link} to={`/participants/${values.participantId}/plan`}>
              {t('caseload.note.openPlan')}
            </Anchor>
          </Text>
        )
      )}
      <Stack gap={6}>
        <Textarea
          ref={narrativeRef}
          label={t('caseload.note.narrative')}
          description={t('caseload.note.narrativeHint')}
          required
          autosize
          minRows={5}
          maxRows={16}
          value={values.narrative}
          onChange={(e) => update('narrative', e.currentTarget.value)}
          error={problems.narrative ?? fieldError('narrative')}
          data-testid="narrative"
        />
        {template && !values.narrative.trim() && (
          <Group>
            {/* The label wraps: "Start from the template for Individual session" is wider than a 360 px phone. */}
            <Button variant="light" size="xs" h="auto" mih={30} py={4} styles={{ label: { whiteSpace: 'normal' } }} onClick={() => update('narrative', template)}>
              {t('caseload.note.useTemplate', { type: t(`caseload.types.${values.type}`) })}
            </Button>
          </Group>
        )}
      </Stack>
      <ActivitiesField value={values.activities} onChange={(v) => update('activities', v)} error={problems.activities ?? fieldError('activities')} />
      <Textarea
        label={t('caseload.note.nextSteps')}
        autosize
        minRows={2}
        value={values.nextSteps}
        onChange={(e) => update('nextSteps', e.currentTarget.value)}
        error={fieldError('nextSteps')}
      />
      <Group grow wrap="wrap" align="flex-start" gap="sm">
        <TextInput
          type="date"
          label={t('caseload.note.followUpOn')}
          value={values.followUpOn}
          onChange={(e) => update('followUpOn', e.currentTarget.value)}
          error={fieldError('followUpOn')}
          miw={180}
        />
        <NativeSelect
          label={t('caseload.note.placeOfService')}
          value={values.placeOfService}
          onChange={(e) => update('placeOfService', e.currentTarget.value)}
          data={PLACES_OF_SERVICE.map((p) => ({ value: p, label: `${p} · ${t(`caseload.places.${p}`)}` }))}
          miw={200}
        />
      </Group>
    </>
  );
}
