import { Alert, Anchor, Badge, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { workspaceApi } from '../api/workspace.js';
import { useMe } from '../auth.js';
import { formatDateTime } from '../ui/format.js';
import { ProblemAlert } from '../ui/ProblemAlert.js';
import { usePageTitle } from '../ui/usePageTitle.js';
import { itemKindLabel } from './workspace/labels.js';
import type { TodayGroup, TodayItem, TodaySection } from './workspace/model.js';

const groups: TodayGroup[] = ['caseWork', 'recipient', 'supervisor', 'privacy'];

/** "Today": each role lands on its work — counts within the user's scope linking to the filtered lists. */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  usePageTitle('workspace.title');
  const today = useQuery({
    queryKey: ['workspace', 'today'],
    queryFn: workspaceApi.today,
    refetchInterval: 120_000,
  });
  const sections = today.data?.sections ?? [];
  return (
    <Stack>
      <Stack gap={4} data-testid="welcome-card">
        <Title order={1}>{t('workspace.title')}</Title>
        <Group gap={6}>
          <Text c="gray.7" size="sm">
            {t('workspace.signedInAs', { name: me.displayName, agency: me.agency.name })}
          </Text>
          {me.roles.map((role) => (
            <Badge key={role} variant="light" color="blue" size="sm">
              {t(`role.${role}`, { defaultValue: role })}
            </Badge>
          ))}
        </Group>
      </Stack>
      <ProblemAlert error={today.error} />
      {today.isPending && <Loader aria-label={t('common.loading')} />}
      {today.data && sections.length === 0 && (
        <Alert color="blue" data-testid="today-nothing">
          {t('workspace.nothing')}
        </Alert>
      )}
      {groups.map((group) => {
        const inGroup = sections.filter((s) => s.group === group);
        if (inGroup.length === 0) return null;
        return (
          <Stack key={group} gap="xs" component="section" aria-labelledby={`today-${group}`}>
            <Title order={2} fz="h3" id={`today-${group}`}>
              {t(`workspace.groups.${group}`)}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2, xl: 4 }} spacing="sm">
              {inGroup.map((section) => (
                <SectionCard key={section.key} section={section} />
              ))}
            </SimpleGrid>
          </Stack>
        );
      })}
    </Stack>
  );
}

function SectionCard({ section }: { section: TodaySection }) {
  const { t } = useTranslation();
  const title = t(`workspace.sections.${section.key}.title`, { defaultValue: section.key });
  const hot = section.urgent && section.count > 0;
  // A count stops at its cap on the server (it walks only that many matches): "100+".
  const shown = section.countCapped ? `${section.count}+` : String(section.count);
  return (
    <Card withBorder padding="md" radius="md" data-testid={`today-${section.key}`} data-count={section.count}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Text fw={600}>{title}</Text>
          <Anchor
            component={Link}
            to={section.href}
            fz={28}
            fw={700}
            lh={1}
            c={hot ? 'red.9' : section.count > 0 ? 'blue.9' : 'gray.7'}
            aria-label={t('workspace.openList', { shown, title })}
            data-testid="today-count"
          >
            {shown}
          </Anchor>
        </Group>
        {section.count === 0 ? (
          <Text size="sm" c="gray.7" data-testid="today-empty">
            {t(`workspace.sections.${section.key}.empty`, { defaultValue: '' })}
          </Text>
        ) : (
          <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
            {section.items.map((item) => (
              <ItemLine key={item.id} sectionKey={section.key} item={item} />
            ))}
          </Stack>
        )}
        {section.count > section.items.length && section.items.length > 0 && (
          <Anchor component={Link} to={section.href} size="sm">
            {t('workspace.more', { shown })}
          </Anchor>
        )}
      </Stack>
    </Card>
  );
}

function ItemLine({ sectionKey, item }: { sectionKey: string; item: TodayItem }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const kind = itemKindLabel(t, sectionKey, item.kind);
  const label = [item.caseNumber, item.title ?? kind, item.agencyName].filter(Boolean).join(' · ');
  const late = item.daysLate !== null && item.daysLate >= 0 && sectionKey !== 'breakGlassToReview';
  const body = (
    <Stack gap={0}>
      <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
        {label || kind}
      </Text>
      <Group gap={6}>
        {item.at && (
          <Text size="xs" c="gray.7">
            {sectionKey === 'breakGlassToReview'
              ? formatDateTime(item.at, me.timeZone, i18n.language)
              : t('workspace.due', { at: formatDateTime(item.at, me.timeZone, i18n.language) })}
          </Text>
        )}
        {late && (
          <Badge color="red.9" variant="filled" size="sm" data-testid="today-late">
            {item.daysLate === 0 ? t('workspace.dueToday') : t('workspace.daysLate', { count: item.daysLate ?? 0 })}
          </Badge>
        )}
      </Group>
    </Stack>
  );
  return (
    <li data-testid="today-item">
      {item.href ? (
        <Anchor component={Link} to={item.href} underline="hover" c="inherit">
          {body}
        </Anchor>
      ) : (
        body
      )}
    </li>
  );
}
