import { Button, Group, Radio, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, SuccessAlert } from '../../app/ui/ErrorAlert';
import { recordQuality } from './matching.api';

/**
 * Match quality after the first meetings (issue 3): the participant's rating, 1 to 5, and whether
 * they kept meeting. The program reads retention by criterion from these.
 */
export function QualityForm(props: {
  assignmentId: string;
  participantId: string;
  rating: number | null;
  keptMeeting: boolean | null;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [rating, setRating] = useState(props.rating ? String(props.rating) : '');
  const [kept, setKept] = useState(props.keptMeeting === null ? '' : props.keptMeeting ? 'yes' : 'no');
  const [errors, setErrors] = useState<{ rating?: string; kept?: string }>({});
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => recordQuality(props.assignmentId, { rating: Number(rating), keptMeeting: kept === 'yes' }),
    onMutate: () => setSaved(null),
    onSuccess: () => {
      setSaved(t('matching.quality.saved'));
      void queryClient.invalidateQueries({ queryKey: ['participants', 'assignments', props.participantId] });
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found = {
      ...(rating ? {} : { rating: t('matching.quality.ratingRequired') }),
      ...(kept ? {} : { kept: t('matching.quality.keptRequired') }),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    save.mutate();
  };
  const formId = `quality-${props.assignmentId}`;
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby={`${formId}-title`}>
      <Stack gap="sm">
        <Text fw={700} id={`${formId}-title`}>
          {t('matching.quality.title')}
        </Text>
        <Text size="sm">{t('matching.quality.intro')}</Text>
        <Radio.Group label={t('matching.quality.rating')} value={rating} onChange={setRating} name={`${formId}-rating`} error={errors.rating}>
          <Group gap="md" wrap="wrap" mt={6}>
            {[1, 2, 3, 4, 5].map((n) => (
              <Radio key={n} value={String(n)} label={t(`matching.quality.ratings.${n}`)} />
            ))}
          </Group>
        </Radio.Group>
        <Radio.Group label={t('matching.quality.keptMeeting')} value={kept} onChange={setKept} name={`${formId}-kept`} error={errors.kept}>
          <Group gap="md" mt={6}>
            <Radio value="yes" label={t('common.yes')} />
            <Radio value="no" label={t('common.no')} />
          </Group>
        </Radio.Group>
        <ErrorAlert error={save.error} />
        <SuccessAlert>{saved}</SuccessAlert>
        <Group>
          <Button type="submit" variant="default" loading={save.isPending}>
            {t('matching.quality.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
