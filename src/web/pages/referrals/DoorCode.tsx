import { Code, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** No 0/O, 1/I/L: read aloud at a door or over a bad phone line without confusion. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * The referral's door code: six characters from the random part of its id (UUIDv7 ends in 62 random bits), the
 * same for the sending case worker and the receiving shelter, so the person escorting the victim and the shelter
 * match the referral at the door without saying a name. It names no one and opens nothing (the shelter still
 * answers only referrals in its own inbox).
 */
export function doorCode(referralId: string): string {
  let n = BigInt(`0x${referralId.replace(/-/g, '').slice(-10)}`);
  let out = '';
  for (let i = 0; i < 6; i++) {
    out = ALPHABET[Number(n % 31n)] + out;
    n /= 31n;
  }
  return `${out.slice(0, 3)}-${out.slice(3)}`;
}

export function DoorCode({ referralId }: { referralId: string }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" title={t('doorCode.hint')}>
      {t('doorCode.label')}{' '}
      <Code fz="sm" fw={700} data-testid="referral-door-code">
        {doorCode(referralId)}
      </Code>
    </Text>
  );
}
