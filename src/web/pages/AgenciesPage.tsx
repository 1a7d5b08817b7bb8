import { Badge, Button, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AgencyFilters, adminKeys, agenciesApi } from '../api/admin.js';
import type { Agency } from '../api.js';
import { useAuth } from '../auth.js';
import { ConfirmDialog } from '../ui/dialogs.js';
import { LoadMore } from '../ui/LoadMore.js';
import { ProblemAlert } from '../ui/ProblemAlert.js';
import { useAgencyTypes, useCountries, useLocalised, useRegionName } from '../ui/reference.js';
import { SavedNotice, StatusFilter } from '../ui/SavedNotice.js';
import { CaptionedTable } from '../ui/ScrollTable.js';
import { useKeysetPages, withoutEmpty } from '../ui/useKeysetList.js';
import { usePageTitle } from '../ui/usePageTitle.js';
import { AgencyForm, useTypeOptions } from './AgencyForm.js';

/** Agencies: search, filter, keyset list; create, edit, disable and enable for managers. */
export function AgenciesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  usePageTitle('agencies.title');
  const manage = can('agencies.manage');
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q, 300);
  const [type, setType] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [editing, setEditing] = useState<Agency | 'new' | null>(null);
  const [toggling, setToggling] = useState<Agency | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const types = useAgencyTypes();
  const typeOptions = useTypeOptions();
  const localised = useLocalised();
  const filters = withoutEmpty({
    q: debouncedQ,
    type: (type ?? undefined) as AgencyFilters['type'],
    status: (status ?? undefined) as AgencyFilters['status'],
  });
  const list = useKeysetPages(adminKeys.agencyList(filters), (page) => agenciesApi.list(filters, page));
  const queryClient = useQueryClient();

  const toggle = useMutation({
    mutationFn: (agency: Agency) =>
      agency.status === 'active' ? agenciesApi.disable(agency.id) : agenciesApi.enable(agency.id),
    onSuccess: async (_result, agency) => {
      setToggling(null);
      setSaved(t(agency.status === 'active' ? 'agencies.disabled' : 'agencies.enabled', { name: agency.name }));
      await queryClient.invalidateQueries({ queryKey: ['agencies'] });
    },
  });

  const typeLabel = (key: string) => localised(types.data?.find((x) => x.key === key)?.label, key);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('agencies.title')}</Title>
        {manage && (
          <Button onClick={() => setEditing('new')} data-testid="agency-create">
            {t('agencies.create')}
          </Button>
        )}
      </Group>
      {saved && <SavedNotice onClose={() => setSaved(null)}>{saved}</SavedNotice>}
      <SimpleGrid cols={{ base: 1, sm: 3 }} component="form" role="search" onSubmit={(e) => e.preventDefault()}>
        <TextInput
          label={t('common.search')}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          data-testid="agency-search"
        />
        <Select label={t('agencies.type')} data={typeOptions} value={type} onChange={setType} clearable searchable />
        <StatusFilter value={status} onChange={setStatus} />
      </SimpleGrid>
      <ProblemAlert error={list.error} />
      <CaptionedTable
        minWidth={720}
        label={t('agencies.title')}
        striped
        highlightOnHover
        verticalSpacing="sm"
        data-testid="agencies-table"
        columns={[
          t('agencies.name'),
          t('agencies.type'),
          t('agencies.region'),
          t('common.status'),
          manage && t('common.actions'),
        ]}
      >
        {list.items.map((agency) => (
          <Table.Tr key={agency.id} data-testid="agency-row">
            <Table.Td>
              <Text fw={500}>{agency.name}</Text>
              {agency.shortName && (
                <Text size="sm" c="gray.7">
                  {agency.shortName}
                </Text>
              )}
            </Table.Td>
            <Table.Td>{typeLabel(agency.type)}</Table.Td>
            <Table.Td>
              <RegionCell agency={agency} />
            </Table.Td>
            <Table.Td>
              <StatusBadge status={agency.status} />
            </Table.Td>
            {manage && (
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Button
                    size="xs"
                    variant="light"
                    onClick={() => setEditing(agency)}
                    aria-label={t('agencies.editNamed', { name: agency.name })}
                  >
                    {t('common.edit')}
                  </Button>
                  <Button
                    size="xs"
                    variant="light"
                    color={agency.status === 'active' ? 'red' : 'teal'}
                    onClick={() => {
                      toggle.reset();
                      setToggling(agency);
                    }}
                    aria-label={t(agency.status === 'active' ? 'agencies.disableNamed' : 'agencies.enableNamed', {
                      name: agency.name,
                    })}
                  >
                    {agency.status === 'active' ? t('common.disable') : t('common.enable')}
                  </Button>
                </Group>
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </CaptionedTable>
      <LoadMore list={list} />
      {editing && (
        <AgencyForm
          agency={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(agency) => {
            setEditing(null);
            setSaved(t('agencies.saved', { name: agency.name }));
          }}
        />
      )}
      <ConfirmDialog
        opened={toggling !== null}
        title={toggling?.status === 'active' ? t('agencies.disableTitle') : t('agencies.enableTitle')}
        message={t(toggling?.status === 'active' ? 'agencies.disableConfirm' : 'agencies.enableConfirm', {
          name: toggling?.name,
        })}
        confirmLabel={toggling?.status === 'active' ? t('common.disable') : t('common.enable')}
        danger={toggling?.status === 'active'}
        loading={toggle.isPending}
        error={toggle.error}
        onConfirm={() => toggling && toggle.mutate(toggling)}
        onClose={() => setToggling(null)}
      />
    </Stack>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={status === 'active' ? 'teal' : 'gray'}>
      {t(`status.${status}`, { defaultValue: status })}
    </Badge>
  );
}

function RegionCell({ agency }: { agency: Agency }) {
  const countries = useCountries();
  const localised = useLocalised();
  const region = useRegionName(agency.regionCode);
  if (agency.countryCode !== 'ID' || !agency.regionCode) {
    return <>{localised(countries.data?.find((c) => c.code === agency.countryCode)?.name, agency.countryCode)}</>;
  }
  return <>{region}</>;
}
