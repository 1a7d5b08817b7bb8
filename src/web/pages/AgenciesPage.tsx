import { Badge, Button, Group, Modal, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AgencyFilters, adminKeys, agenciesApi } from '../api/admin.js';
import type { Agency, AgencyInput } from '../api.js';
import { useAuth } from '../auth.js';
import { AgencyPicker } from '../ui/AgencyPicker.js';
import { ConfirmDialog } from '../ui/dialogs.js';
import { FormActions } from '../ui/FormActions.js';
import { LoadMore } from '../ui/LoadMore.js';
import { fieldError, ProblemAlert } from '../ui/ProblemAlert.js';
import { useAgencyTypes, useCountries, useLocalised, useRegionName, useRegions } from '../ui/reference.js';
import { SavedNotice, StatusFilter } from '../ui/SavedNotice.js';
import { CaptionedTable } from '../ui/ScrollTable.js';
import { useKeysetPages, withoutEmpty } from '../ui/useKeysetList.js';
import { usePageTitle } from '../ui/usePageTitle.js';

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

/** Agency types for a Select, grouped as the reference data groups them. */
function useTypeOptions() {
  const { t } = useTranslation();
  const types = useAgencyTypes();
  const localised = useLocalised();
  return useMemo(() => {
    const groups = new Map<string, { value: string; label: string }[]>();
    for (const type of types.data ?? []) {
      const list = groups.get(type.group) ?? [];
      list.push({ value: type.key, label: localised(type.label, type.key) });
      groups.set(type.group, list);
    }
    return [...groups].map(([group, items]) => ({
      group: t(`agencyGroup.${group}`, { defaultValue: group }),
      items,
    }));
  }, [types.data, localised, t]);
}

const agencyFields = [
  'name',
  'shortName',
  'type',
  'countryCode',
  'regionCode',
  'parentId',
  'contactPhone',
  'contactEmail',
] as const;

function AgencyForm({
  agency,
  onClose,
  onSaved,
}: {
  agency: Agency | null;
  onClose: () => void;
  onSaved: (agency: Agency) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const localised = useLocalised();
  const typeOptions = useTypeOptions();
  const countries = useCountries();
  const initialProvince = agency?.regionCode ? (agency.regionCode.split('.')[0] ?? null) : null;
  const [name, setName] = useState(agency?.name ?? '');
  const [shortName, setShortName] = useState(agency?.shortName ?? '');
  const [type, setType] = useState<string | null>(agency?.type ?? null);
  const [countryCode, setCountryCode] = useState<string | null>(agency?.countryCode ?? 'ID');
  const [province, setProvince] = useState<string | null>(initialProvince);
  const [regency, setRegency] = useState<string | null>(agency?.regionCode?.includes('.') ? agency.regionCode : null);
  const [parentId, setParentId] = useState<string | null>(agency?.parentId ?? null);
  const [contactPhone, setContactPhone] = useState(agency?.contactPhone ?? '');
  const [contactEmail, setContactEmail] = useState(agency?.contactEmail ?? '');
  const indonesian = countryCode === 'ID';
  const provinces = useRegions(undefined, indonesian);
  const regencies = useRegions(province, indonesian && Boolean(province));

  const countryOptions = useMemo(
    () =>
      (countries.data ?? [])
        .map((c) => ({ value: c.code, label: localised(c.name, c.code) }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    [countries.data, localised],
  );

  const save = useMutation({
    mutationFn: (body: AgencyInput) => (agency ? agenciesApi.update(agency.id, body) : agenciesApi.create(body)),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['agencies'] });
      onSaved(result);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const optional = (value: string) => (value.trim() ? value.trim() : agency ? null : undefined);
    const body: AgencyInput = {
      name: name.trim(),
      shortName: optional(shortName),
      type: type ?? '',
      countryCode: countryCode ?? '',
      regionCode: indonesian ? (regency ?? province ?? (agency ? null : undefined)) : agency ? null : undefined,
      parentId: parentId ?? (agency ? null : undefined),
      contactPhone: optional(contactPhone),
      contactEmail: optional(contactEmail),
    };
    for (const key of Object.keys(body) as (keyof AgencyInput)[]) if (body[key] === undefined) delete body[key];
    save.mutate(body);
  };

  const error = save.error;
  return (
    <Modal
      opened
      closeButtonProps={{ 'aria-label': t('common.close') }}
      onClose={onClose}
      title={agency ? t('agencies.editTitle') : t('agencies.createTitle')}
      size="lg"
      closeOnClickOutside={false}
    >
      <form onSubmit={submit} noValidate data-testid="agency-form">
        <Stack>
          <ProblemAlert error={error} fields={agencyFields} />
          <TextInput
            label={t('agencies.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(error, 'name')}
            data-testid="agency-name"
          />
          <TextInput
            label={t('agencies.shortName')}
            value={shortName}
            onChange={(e) => setShortName(e.currentTarget.value)}
            error={fieldError(error, 'shortName')}
            data-testid="agency-short-name"
          />
          <Select
            label={t('agencies.type')}
            required
            searchable
            data={typeOptions}
            value={type}
            onChange={setType}
            error={fieldError(error, 'type')}
            data-testid="agency-type"
          />
          <Select
            label={t('agencies.country')}
            required
            searchable
            data={countryOptions}
            value={countryCode}
            onChange={(value) => {
              setCountryCode(value);
              if (value !== 'ID') {
                setProvince(null);
                setRegency(null);
              }
            }}
            error={fieldError(error, 'countryCode')}
            data-testid="agency-country"
          />
          {indonesian && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label={t('agencies.province')}
                required
                searchable
                data={(provinces.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
                value={province}
                onChange={(value) => {
                  setProvince(value);
                  setRegency(null);
                }}
                error={regency ? undefined : fieldError(error, 'regionCode')}
                data-testid="agency-province"
              />
              <Select
                label={t('agencies.regency')}
                description={t('agencies.regencyHint')}
                searchable
                clearable
                disabled={!province}
                data={(regencies.data ?? []).map((r) => ({ value: r.code, label: r.name }))}
                value={regency}
                onChange={setRegency}
                error={regency ? fieldError(error, 'regionCode') : undefined}
                data-testid="agency-regency"
              />
            </SimpleGrid>
          )}
          <AgencyPicker
            label={t('agencies.parent')}
            value={parentId}
            onChange={setParentId}
            exclude={agency?.id}
            error={fieldError(error, 'parentId')}
            testId="agency-parent"
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('agencies.contactPhone')}
              type="tel"
              autoComplete="off"
              value={contactPhone}
              onChange={(e) => setContactPhone(e.currentTarget.value)}
              error={fieldError(error, 'contactPhone')}
              data-testid="agency-phone"
            />
            <TextInput
              label={t('agencies.contactEmail')}
              type="email"
              autoComplete="off"
              value={contactEmail}
              onChange={(e) => setContactEmail(e.currentTarget.value)}
              error={fieldError(error, 'contactEmail')}
              data-testid="agency-email"
            />
          </SimpleGrid>
          <FormActions
            onCancel={onClose}
            pending={save.isPending}
            submitLabel={t('common.save')}
            testId="agency-save"
          />
        </Stack>
      </form>
    </Modal>
  );
}
