import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TipSummary } from './model.js';

const urgencyColor = { urgent: 'red', high: 'orange', normal: 'gray' } as const;
// White on Mantine's filled orange is 2.9:1 and WCAG 1.4.3 asks 4.5:1: the high badge's text is black (8:1).
const urgencyText = { urgent: undefined, high: 'black', normal: undefined } as const;

export function TipBadges({ tip }: { tip: TipSummary }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      <Badge color={urgencyColor[tip.urgency]} c={urgencyText[tip.urgency]} data-testid="tip-urgency">
        {t(`tips.urgencies.${tip.urgency}`)}
      </Badge>
      <Badge variant="outline" data-testid="tip-status-badge">
        {t(`tips.statuses.${tip.status}`)}
      </Badge>
      {tip.isChild && <Badge color="grape">{t('tips.flags.child')}</Badge>}
      {tip.heldNow && (
        <Badge color="red" variant="outline">
          {t('tips.flags.heldNow')}
        </Badge>
      )}
      {tip.nearBorder && (
        <Badge color="blue" variant="outline">
          {t('tips.flags.nearBorder')}
        </Badge>
      )}
      {tip.awaitingReply && (
        <Badge color="yellow" variant="light">
          {t('tips.flags.awaitingReply')}
        </Badge>
      )}
      {tip.overdue && (
        <Badge color="red" variant="filled">
          {t('tips.flags.overdue')}
        </Badge>
      )}
    </Group>
  );
}
