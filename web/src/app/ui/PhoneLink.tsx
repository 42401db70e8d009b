import { Anchor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { phoneParts } from '../phone';

/**
 * A phone number a peer can tap to call: a US number shown one way ("(312) 555-0177"), dialed
 * with its country code, its extension shown after it and dialed after a pause. `t` gives the
 * texts of another language than the app's (a resource card printed in the participant's).
 */
export function PhoneLink(props: { number: string; extension?: string | number | null | undefined; t?: (key: string) => string; fw?: number }) {
  const { t: appT } = useTranslation();
  const t = props.t ?? appT;
  const phone = phoneParts(props.number, props.extension);
  return (
    <>
      <Anchor href={phone.href} fw={props.fw}>
        {phone.text}
      </Anchor>
      {phone.extension ? ` ${t('common.phoneExtension')} ${phone.extension}` : ''}
    </>
  );
}
