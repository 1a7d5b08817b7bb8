import { Card, Group, NumberInput, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAwarenessComparison } from '../../api/prevention.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { useRegions } from '../../ui/reference.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import { changeText } from './model.js';

/** Awareness change (with its 95 % interval) across provinces or programme types, within the caller's scope. */
export function AwarenessComparison() {
  const { t } = useTranslation();
  const [by, setBy] = useState<'region' | 'type'>('type');
  const [year, setYear] = useState<number | ''>('');
  const comparison = useAwarenessComparison(year === '' ? { by } : { by, year });
  const provinces = useRegions(undefined, by === 'region');
  const label = (key: string) =>
    by === 'type'
      ? t(`prevention.types.${key}`, { defaultValue: key })
      : (provinces.data?.find((p) => p.code === key)?.name ?? key);
  return (
    <Card withBorder component="section" aria-labelledby="awareness-comparison-title">
      <Stack gap="xs">
        <Title order={2} size="h4" id="awareness-comparison-title">
          {t('prevention.comparison.title')}
        </Title>
        <Text size="sm" c="gray.7">
          {t('prevention.comparison.intro')}
        </Text>
        <Group align="flex-end">
          <Select
            label={t('prevention.comparison.by')}
            data={[
              { value: 'type', label: t('prevention.comparison.byType') },
              { value: 'region', label: t('prevention.comparison.byRegion') },
            ]}
            value={by}
            onChange={(v) => setBy(v === 'region' ? 'region' : 'type')}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <NumberInput
            label={t('prevention.comparison.year')}
            min={2000}
            max={2100}
            value={year}
            onChange={(v) => setYear(typeof v === 'number' ? v : '')}
          />
        </Group>
        <ProblemAlert error={comparison.error} />
        {comparison.data &&
          (comparison.data.groups.length === 0 ? (
            <Text size="sm">{t('prevention.comparison.none')}</Text>
          ) : (
            <ScrollTable minWidth={420} label={t('prevention.comparison.title')}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>
                      {by === 'type' ? t('prevention.comparison.byType') : t('prevention.comparison.byRegion')}
                    </Table.Th>
                    <Table.Th>{t('prevention.comparison.change')}</Table.Th>
                    <Table.Th>n</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {comparison.data.groups.map((g) => (
                    <Table.Tr key={g.key}>
                      <Table.Td>{label(g.key)}</Table.Td>
                      <Table.Td>{changeText(g.change)}</Table.Td>
                      <Table.Td>
                        {g.change.nBefore}/{g.change.nAfter}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          ))}
      </Stack>
    </Card>
  );
}
