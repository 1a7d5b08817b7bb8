import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Referral } from '../../api/referrals.js';
import { statusColour } from './model.js';

/** Status, urgency and an overdue flag (unanswered past its due time: 3 working days, urgent 24 hours). */
export function ReferralStatusBadges({ referral }: { referral: Referral }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="nowrap">
      <Badge variant="light" color={statusColour[referral.status]} data-testid="referral-status">
        {t(`referrals.status.${referral.status}`)}
      </Badge>
      {referral.urgency === 'urgent' && (
        <Badge variant="filled" color="red.8">
          {t('referrals.urgencies.urgent')}
        </Badge>
      )}
      {referral.overdue && (
        <Badge variant="outline" color="red.8" data-testid="referral-overdue">
          {t('referrals.overdue')}
        </Badge>
      )}
    </Group>
  );
}
