import { useTranslation } from 'react-i18next';
import type { Pipeline, Words } from './certification.api';

/** Picks the text of the page's language. */
export function useWords() {
  const { i18n } = useTranslation();
  return (w: Words) => (i18n.language.startsWith('es') ? w.es : w.en);
}

/** What a step still misses, in words ("2 references", "ethics: 10 h"). */
export function useMissingText(pipeline: Pick<Pipeline, 'steps'>) {
  const { t } = useTranslation();
  const words = useWords();
  return (stepCode: string, missing: Record<string, number>) => {
    const step = pipeline.steps.find((s) => s.code === stepCode);
    if (!step) return '';
    if (missing.references) return t('certification.missingReferences', { count: missing.references });
    if (step.kind === 'hours') {
      return Object.entries(missing)
        .map(([k, v]) => (k === 'total' ? t('certification.missingHours', { hours: v }) : t('certification.missingDomainHours', { domain: words(step.domains.find((d) => d.domain === k)?.title ?? { en: k, es: k }), hours: v })))
        .join('; ');
    }
    return t('certification.notDoneYet');
  };
}

