import { Button, Card, Group, Stepper, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCaseServices, useReferralConsents } from '../../api/cases.js';
import type { CaseDetail } from './model.js';

const referable = new Set(['requested', 'accepted', 'in_progress']);

/**
 * "Refer this victim": the three things a referral needs, in order — a service she needs (requested on the
 * services tab), her consent to share with the recipient (consents tab), then the referral itself. Each step
 * shows whether the case already has it and opens the tab where it is done; the forms stay where they are.
 */
export function ReferGuide({ kase, openTab }: { kase: CaseDetail; openTab: (tab: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const services = useCaseServices(kase.id, open);
  const consents = useReferralConsents(kase.id, open);
  if (!open)
    return (
      <Group>
        <Button variant="light" onClick={() => setOpen(true)} data-testid="refer-guide-open">
          {t('referGuide.open')}
        </Button>
      </Group>
    );
  const hasService = (services.data?.items ?? []).some((r) => referable.has(r.status));
  const hasConsent = (consents.data?.items ?? []).length > 0;
  const active = !hasService ? 0 : !hasConsent ? 1 : 2;
  const steps = [
    { key: 'service', tab: 'services', done: hasService },
    { key: 'consent', tab: 'consents', done: hasConsent },
    { key: 'referral', tab: 'referrals', done: false },
  ] as const;
  return (
    <Card withBorder padding="md" data-testid="refer-guide" data-step={steps[active]!.key}>
      <Text fw={600} mb="sm">
        {t('referGuide.title')}
      </Text>
      <Stepper active={active} size="sm" orientation="vertical" allowNextStepsSelect={false}>
        {steps.map((s, i) => (
          <Stepper.Step
            key={s.key}
            label={t(`referGuide.steps.${s.key}.label`)}
            description={
              <span>
                {t(`referGuide.steps.${s.key}.${s.done ? 'done' : 'todo'}`)}{' '}
                {i <= active && (
                  <Button
                    size="compact-xs"
                    variant={i === active ? 'filled' : 'subtle'}
                    onClick={() => openTab(s.tab)}
                    data-testid={`refer-guide-${s.key}`}
                  >
                    {t(`referGuide.steps.${s.key}.go`)}
                  </Button>
                )}
              </span>
            }
          />
        ))}
      </Stepper>
      <Group justify="flex-end">
        <Button variant="subtle" size="xs" onClick={() => setOpen(false)}>
          {t('referGuide.close')}
        </Button>
      </Group>
    </Card>
  );
}
