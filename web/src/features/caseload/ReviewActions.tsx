import { Button, Group, Stack, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../app/ui/ErrorAlert';
import { caseloadKeys, cosignEncounter, returnEncounter, type Encounter } from './caseload.api';

/**
 * A supervisor's two answers to a signed note: co-sign it, or return it to the peer with a
 * comment (the peer then sees it first on their day). `who` names the note for screen readers,
 * since a queue shows several sets of these buttons.
 */
export function ReviewActions(props: { encounter: Encounter; who: string; onDone: (e: Encounter, action: 'cosigned' | 'returned') => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const id = useId();
  const [returning, setReturning] = useState(false);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | undefined>();
  const commentRef = useRef<HTMLTextAreaElement>(null);

  const done = (e: Encounter, action: 'cosigned' | 'returned') => {
    queryClient.setQueryData(caseloadKeys.encounter(e.id), e);
    void queryClient.invalidateQueries({ queryKey: caseloadKeys.reviewQueue });
    props.onDone(e, action);
  };
  const cosign = useMutation({ mutationFn: () => cosignEncounter(props.encounter.id), onSuccess: (e) => done(e, 'cosigned') });
  const send = useMutation({ mutationFn: () => returnEncounter(props.encounter.id, comment.trim()), onSuccess: (e) => done(e, 'returned') });

  const onReturn = () => {
    if (!comment.trim()) {
      setCommentError(t('caseload.review.commentRequired'));
      commentRef.current?.focus();
      return;
    }
    setCommentError(undefined);
    send.mutate();
  };

  return (
    <Stack gap="sm">
      <ErrorAlert error={cosign.error ?? send.error} />
      {!returning ? (
        <Group gap="sm" wrap="wrap">
          <Button onClick={() => cosign.mutate()} loading={cosign.isPending} aria-label={t('caseload.review.cosignNamed', { who: props.who })}>
            {t('caseload.review.cosign')}
          </Button>
          <Button
            variant="default"
            onClick={() => {
              setReturning(true);
              setTimeout(() => commentRef.current?.focus(), 0);
            }}
            aria-label={t('caseload.review.returnNamed', { who: props.who })}
          >
            {t('caseload.review.return')}
          </Button>
        </Group>
      ) : (
        <Stack gap="sm" maw={560}>
          <Textarea
            ref={commentRef}
            id={`${id}-comment`}
            label={t('caseload.review.comment')}
            description={t('caseload.review.commentHint')}
            required
            autosize
            minRows={3}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            error={commentError}
          />
          <Group gap="sm">
            <Button onClick={onReturn} loading={send.isPending}>
              {t('caseload.review.sendBack')}
            </Button>
            <Button variant="default" onClick={() => setReturning(false)}>
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
