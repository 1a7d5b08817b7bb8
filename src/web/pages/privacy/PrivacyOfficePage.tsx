import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { BreachesTab } from './BreachesTab.js';
import { AccessLogTab, CheckpointsTab, GrantsTab, RetentionTab } from './OversightTabs.js';
import { RequestsTab } from './RequestsTab.js';

/* The data protection officer's office (Law 27/2022): data-subject requests, breaches, break-the-glass
 * review, retention, the read access log and the audit checkpoints, one tab each (?tab=…). */

const tabs = ['requests', 'breaches', 'grants', 'retention', 'access', 'checkpoints'] as const;

export function PrivacyOfficePage() {
  const { t } = useTranslation();
  usePageTitle('privacy.title');
  const [params, setParams] = useSearchParams();
  const tab = (tabs as readonly string[]).includes(params.get('tab') ?? '') ? params.get('tab')! : 'requests';
  return (
    <Stack>
      <Title order={1}>{t('privacy.title')}</Title>
      <Text c="dimmed">{t('privacy.intro')}</Text>
      <Tabs value={tab} onChange={(v) => setParams({ tab: v ?? 'requests' })} keepMounted={false}>
        <Tabs.List>
          {tabs.map((k) => (
            <Tabs.Tab key={k} value={k}>
              {t(`privacy.tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="requests" pt="md">
          <RequestsTab />
        </Tabs.Panel>
        <Tabs.Panel value="breaches" pt="md">
          <BreachesTab />
        </Tabs.Panel>
        <Tabs.Panel value="grants" pt="md">
          <GrantsTab />
        </Tabs.Panel>
        <Tabs.Panel value="retention" pt="md">
          <RetentionTab />
        </Tabs.Panel>
        <Tabs.Panel value="access" pt="md">
          <AccessLogTab />
        </Tabs.Panel>
        <Tabs.Panel value="checkpoints" pt="md">
          <CheckpointsTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
