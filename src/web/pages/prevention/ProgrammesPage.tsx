import {
  Anchor,
  Button,
  Card,
  Group,
  Loader,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { type ProgrammeFilters, preventionApi, preventionKeys } from '../../api/prevention.js';
import { useAuth } from '../../auth.js';
import { LoadMore } from '../../ui/LoadMore.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { useRegions } from '../../ui/reference.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import { useKeysetPages, withoutEmpty } from '../../ui/useKeysetList.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { useEnumOptions } from '../cases/fields.js';
import { AwarenessComparison } from './AwarenessComparison.js';
import { programmeTypes, targetGroups } from './model.js';

/** Prevention programmes of the agency, and a form for a new one. */
export function ProgrammesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  usePageTitle('prevention.title');
  const [type, setType] = useState<string | null>(null);
  const filters = withoutEmpty({ type: (type ?? undefined) as ProgrammeFilters['type'] });
  const list = useKeysetPages(preventionKeys.list(filters), (page) => preventionApi.programmes(filters, page));
  const typeOptions = useEnumOptions(programmeTypes, 'prevention.types');
  return (
    <Stack>
      <Title order={1}>{t('prevention.title')}</Title>
      <Group>
        <Select
          label={t('prevention.type')}
          data={typeOptions}
          value={type}
          onChange={setType}
          clearable
          placeholder={t('prevention.any')}
          comboboxProps={{ withinPortal: true }}
        />
        <Anchor component={Link} to="/budgets" mt="lg">
          {t('prevention.budgetsNav')}
        </Anchor>
      </Group>
      <ProblemAlert error={list.error} />
      {list.isPending ? (
        <Loader aria-label={t('common.loading')} />
      ) : list.items.length === 0 ? (
        <Text c="gray.7">{t('prevention.empty')}</Text>
      ) : (
        <ScrollTable minWidth={500} label={t('prevention.title')}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('prevention.name')}</Table.Th>
                <Table.Th>{t('prevention.type')}</Table.Th>
                <Table.Th>{t('prevention.period')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((p) => (
                <Table.Tr key={p.id} data-testid="programme-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/prevention/${p.id}`}>
                      {p.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`prevention.types.${p.type}`)}</Table.Td>
                  <Table.Td>
                    {p.startsOn} – {p.endsOn}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <LoadMore {...list} count={list.items.length} />
      <AwarenessComparison />
      {can('programmes.manage') && <NewProgramme />}
    </Stack>
  );
}

function NewProgramme() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [type, setType] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [province, setProvince] = useState<string | null>(null);
  const [regions, setRegions] = useState<string[]>([]);
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [groups, setGroups] = useState<string[]>([]);
  const provinces = useRegions();
  const regencies = useRegions(province, Boolean(province));
  const create = useMutation({
    mutationFn: () =>
      preventionApi.createProgramme({
        type,
        name,
        regionCodes: regions.length ? regions : province ? [province] : [],
        startsOn,
        endsOn,
        targetGroups: groups,
      }),
    onSuccess: (p) => {
      void qc.invalidateQueries({ queryKey: preventionKeys.programmes, exact: false });
      navigate(`/prevention/${p.id}`);
    },
  });
  return (
    <Card withBorder>
      <Stack
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Title order={2} size="h4">
          {t('prevention.newProgramme')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('prevention.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
          />
          <Select
            label={t('prevention.type')}
            data={useEnumOptions(programmeTypes, 'prevention.types')}
            value={type}
            onChange={setType}
            required
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={t('prevention.province')}
            data={(provinces.data ?? []).map((r) => ({ value: r.code, label: r.name }))}
            value={province}
            onChange={(v) => {
              setProvince(v);
              setRegions([]);
            }}
            searchable
            required
            comboboxProps={{ withinPortal: true }}
          />
          <MultiSelect
            label={t('prevention.regencies')}
            data={(regencies.data ?? []).map((r) => ({ value: r.code, label: r.name }))}
            value={regions}
            onChange={setRegions}
            searchable
            disabled={!province}
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput
            type="date"
            label={t('prevention.startsOn')}
            value={startsOn}
            onChange={(e) => setStartsOn(e.currentTarget.value)}
            required
          />
          <TextInput
            type="date"
            label={t('prevention.endsOn')}
            value={endsOn}
            onChange={(e) => setEndsOn(e.currentTarget.value)}
            required
          />
        </SimpleGrid>
        <MultiSelect
          label={t('prevention.targetGroups')}
          data={useEnumOptions(targetGroups, 'prevention.groups')}
          value={groups}
          onChange={setGroups}
          required
          comboboxProps={{ withinPortal: true }}
        />
        <ProblemAlert error={create.error} />
        <Group>
          <Button type="submit" loading={create.isPending}>
            {t('prevention.create')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
