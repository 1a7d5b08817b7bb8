import {
  Button,
  Card,
  Center,
  Checkbox,
  Group,
  Loader,
  MultiSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type DirectoryService,
  type DirectoryServiceInput,
  directoryApi,
  directoryKeys,
  type ServiceType,
  useAgencyServices,
  useRemoveService,
} from '../../api/directory.js';
import { useMe } from '../../auth.js';
import { ConfirmDialog } from '../../ui/dialogs.js';
import { fieldError, ProblemAlert } from '../../ui/ProblemAlert.js';
import { useCountries, useLocalised } from '../../ui/reference.js';
import { SavedNotice } from '../../ui/SavedNotice.js';
import { EnumSelect, HtcdsMultiSelect } from '../cases/fields.js';
import { serviceTypes } from '../cases/model.js';
import { directoryLanguages, useLanguageName } from './model.js';
import { RegionsInput } from './regions.js';
import { ServiceCard } from './ServiceCard.js';

/** The services the user's own agency publishes in the directory: add, edit (upsert) and withdraw. */
export function OwnServicesSection() {
  const { t } = useTranslation();
  const me = useMe();
  const [editing, setEditing] = useState<DirectoryService | 'new' | null>(null);
  const [removing, setRemoving] = useState<DirectoryService | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const own = useAgencyServices(me.agency.id);
  const items = own.data?.items ?? [];
  const typeLabel = (type: string) => t(`cases.services.types.${type}`, { defaultValue: type });

  const remove = useRemoveService(me.agency.id, (service) => {
    setRemoving(null);
    setSaved(t('directory.own.removed', { type: typeLabel(service.serviceType) }));
  });

  return (
    <Stack gap="sm" component="section" aria-labelledby="directory-own-heading" data-testid="directory-own">
      <Group justify="space-between" mt="lg">
        <Stack gap={2}>
          <Title order={2} fz="h3" id="directory-own-heading">
            {t('directory.own.title')}
          </Title>
          <Text size="sm" c="gray.7">
            {t('directory.own.intro', { agency: me.agency.name })}
          </Text>
        </Stack>
        {editing === null && (
          <Button
            onClick={() => {
              setSaved(null);
              setEditing('new');
            }}
            disabled={own.isSuccess && items.length >= serviceTypes.length}
            data-testid="directory-own-add"
          >
            {t('directory.own.add')}
          </Button>
        )}
      </Group>
      {saved && (
        <SavedNotice onClose={() => setSaved(null)} testId="directory-own-saved">
          {saved}
        </SavedNotice>
      )}
      {editing !== null && (
        <ServiceForm
          agencyId={me.agency.id}
          existing={editing === 'new' ? undefined : editing}
          taken={items.map((s) => s.serviceType)}
          onCancel={() => setEditing(null)}
          onSaved={(service, created) => {
            setEditing(null);
            setSaved(
              t(created ? 'directory.own.created' : 'directory.own.updated', { type: typeLabel(service.serviceType) }),
            );
          }}
        />
      )}
      <ProblemAlert error={own.error} />
      {own.isPending ? (
        <Center p="lg">
          <Loader aria-label={t('common.loading')} />
        </Center>
      ) : own.isSuccess && items.length === 0 ? (
        <Text c="gray.7" data-testid="directory-own-empty">
          {t('directory.own.none')}
        </Text>
      ) : (
        <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('directory.own.title')}>
          {items.map((service) => (
            <ServiceCard
              key={service.id}
              service={service}
              showAgency={false}
              actions={
                <Group gap="xs">
                  <Button
                    size="xs"
                    variant="light"
                    onClick={() => {
                      setSaved(null);
                      setEditing(service);
                    }}
                    aria-label={t('directory.own.editFor', { type: typeLabel(service.serviceType) })}
                    data-testid="directory-own-edit"
                  >
                    {t('common.edit')}
                  </Button>
                  <Button
                    size="xs"
                    variant="light"
                    color="red"
                    onClick={() => {
                      remove.reset();
                      setRemoving(service);
                    }}
                    aria-label={t('directory.own.removeFor', { type: typeLabel(service.serviceType) })}
                    data-testid="directory-own-remove"
                  >
                    {t('directory.own.remove')}
                  </Button>
                </Group>
              }
            />
          ))}
        </Stack>
      )}
      <ConfirmDialog
        opened={removing !== null}
        title={t('directory.own.removeTitle')}
        message={t('directory.own.removeConfirm', { type: removing ? typeLabel(removing.serviceType) : '' })}
        confirmLabel={t('directory.own.remove')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => setRemoving(null)}
      />
    </Stack>
  );
}

const numberOrNull = (v: number | string): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const textOrNull = (v: string): string | null => (v.trim() ? v.trim() : null);

/** Every field the directory entry schema allows; the service type is the key, fixed once published. */
function ServiceForm({
  agencyId,
  existing,
  taken,
  onCancel,
  onSaved,
}: {
  agencyId: string;
  existing?: DirectoryService;
  taken: string[];
  onCancel: () => void;
  onSaved: (service: DirectoryService, created: boolean) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const countries = useCountries();
  const localised = useLocalised();
  const languageName = useLanguageName();
  const [type, setType] = useState<string | null>(existing?.serviceType ?? null);
  const [regions, setRegions] = useState<string[]>(existing && !existing.regionsDefault ? existing.regions : []);
  const [ageMin, setAgeMin] = useState<number | string>(existing?.eligibility.ageMin ?? '');
  const [ageMax, setAgeMax] = useState<number | string>(existing?.eligibility.ageMax ?? '');
  const [sexes, setSexes] = useState<string[]>(existing?.eligibility.sexes ?? []);
  const [nationalities, setNationalities] = useState<string[]>(existing?.eligibility.nationalities ?? []);
  const [languages, setLanguages] = useState<string[]>(existing?.languages ?? ['id']);
  const [counted, setCounted] = useState(Boolean(existing?.capacity));
  const [total, setTotal] = useState<number | string>(existing?.capacity?.total ?? '');
  const [free, setFree] = useState<number | string>(existing?.capacity?.free ?? '');
  const [hours, setHours] = useState(existing?.hours ?? '');
  const [phone, setPhone] = useState(existing?.contact.phone ?? '');
  const [email, setEmail] = useState(existing?.contact.email ?? '');
  const [urgent, setUrgent] = useState(existing?.urgent24x7 ?? false);

  const save = useMutation({
    mutationFn: () => {
      if (!type) {
        // The type is part of the address; without it nothing can be sent.
        return Promise.reject(new Error('type'));
      }
      const body: DirectoryServiceInput = {
        regions,
        eligibility: { ageMin: numberOrNull(ageMin), ageMax: numberOrNull(ageMax), sexes, nationalities },
        languages,
        // An empty count is left out, so the server answers "required" at that field.
        capacity: counted ? { total: numberOrNull(total) ?? undefined, free: numberOrNull(free) ?? undefined } : null,
        hours: textOrNull(hours),
        contact: { phone: textOrNull(phone), email: textOrNull(email) },
        urgent24x7: urgent,
      };
      return directoryApi.upsert(agencyId, type as ServiceType, body);
    },
    onSuccess: async (service) => {
      onSaved(service, !existing);
      await queryClient.invalidateQueries({ queryKey: directoryKeys.all });
    },
  });
  const [typeMissing, setTypeMissing] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // The form opens above the list: bring it into view and move focus to it (Edit may be far below).
  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    heading.current?.focus({ preventScroll: true });
  }, []);
  const error = save.error instanceof Error && save.error.message === 'type' ? null : save.error;
  const available = serviceTypes.filter((s) => s === existing?.serviceType || !taken.includes(s));
  const fields = [
    'regions',
    'eligibility',
    'languages',
    'capacity.total',
    'capacity.free',
    'hours',
    'contact',
  ] as const;

  return (
    <Card
      withBorder
      padding="md"
      component="form"
      noValidate
      aria-labelledby="directory-form-heading"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        setTypeMissing(!type);
        if (type) save.mutate();
      }}
      data-testid="directory-form"
    >
      <Stack>
        <Title order={3} fz="h4" id="directory-form-heading" ref={heading} tabIndex={-1}>
          {existing
            ? t('directory.form.editTitle', {
                type: t(`cases.services.types.${existing.serviceType}`, { defaultValue: existing.serviceType }),
              })
            : t('directory.own.add')}
        </Title>
        <ProblemAlert error={error} fields={fields} testId="directory-form-problem" />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {existing ? (
            <TextInput
              label={t('directory.form.type')}
              description={t('directory.form.typeFixed')}
              readOnly
              value={t(`cases.services.types.${existing.serviceType}`, { defaultValue: existing.serviceType })}
              data-testid="directory-form-type"
            />
          ) : (
            <EnumSelect
              label={t('directory.form.type')}
              values={available}
              prefix="cases.services.types"
              required
              searchable
              value={type}
              onChange={(v) => {
                setType(v);
                setTypeMissing(false);
              }}
              error={typeMissing ? t('directory.form.typeRequired') : undefined}
              testId="directory-form-type"
            />
          )}
          <MultiSelect
            label={t('directory.form.languages')}
            required
            searchable
            hidePickedOptions
            data={directoryLanguages.map((code) => ({ value: code, label: languageName(code) }))}
            value={languages}
            onChange={setLanguages}
            error={fieldError(error, 'languages')}
            data-testid="directory-form-languages"
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>

        <Stack gap={4}>
          <Title order={4} fz="h5">
            {t('directory.form.regions')}
          </Title>
          <RegionsInput
            value={regions}
            onChange={setRegions}
            error={fieldError(error, 'regions')}
            testId="directory-form-regions"
          />
        </Stack>

        <Stack gap={4}>
          <Title order={4} fz="h5">
            {t('directory.form.eligibility')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput
              label={t('directory.form.ageMin')}
              min={0}
              max={120}
              allowDecimal={false}
              allowNegative={false}
              value={ageMin}
              onChange={setAgeMin}
              error={fieldError(error, 'eligibility.ageMin')}
              data-testid="directory-form-age-min"
            />
            <NumberInput
              label={t('directory.form.ageMax')}
              min={0}
              max={120}
              allowDecimal={false}
              allowNegative={false}
              value={ageMax}
              onChange={setAgeMax}
              error={fieldError(error, 'eligibility.ageMax')}
              data-testid="directory-form-age-max"
            />
            <HtcdsMultiSelect
              field="prs_Gender"
              label={t('directory.form.sexes')}
              description={t('directory.form.anyIfEmpty')}
              value={sexes}
              onChange={setSexes}
              error={fieldError(error, 'eligibility.sexes')}
              testId="directory-form-sexes"
            />
            <MultiSelect
              label={t('directory.form.nationalities')}
              description={t('directory.form.anyIfEmpty')}
              searchable
              clearable
              hidePickedOptions
              data={(countries.data ?? []).map((c) => ({ value: c.code, label: localised(c.name, c.code) }))}
              value={nationalities}
              onChange={setNationalities}
              error={fieldError(error, 'eligibility.nationalities')}
              nothingFoundMessage={t('common.nothingFound')}
              data-testid="directory-form-nationalities"
              comboboxProps={{ withinPortal: true }}
            />
          </SimpleGrid>
        </Stack>

        <Stack gap={4}>
          <Title order={4} fz="h5">
            {t('directory.form.capacityTitle')}
          </Title>
          <Checkbox
            label={t('directory.form.counted')}
            description={t('directory.form.countedHint')}
            checked={counted}
            onChange={(e) => setCounted(e.currentTarget.checked)}
            data-testid="directory-form-counted"
          />
          {counted && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput
                label={t('directory.form.total')}
                required
                min={0}
                max={100_000}
                allowDecimal={false}
                allowNegative={false}
                value={total}
                onChange={setTotal}
                error={fieldError(error, 'capacity.total')}
                data-testid="directory-form-total"
              />
              <NumberInput
                label={t('directory.form.free')}
                required
                min={0}
                max={100_000}
                allowDecimal={false}
                allowNegative={false}
                value={free}
                onChange={setFree}
                error={fieldError(error, 'capacity.free')}
                data-testid="directory-form-free"
              />
            </SimpleGrid>
          )}
        </Stack>

        <Stack gap={4}>
          <Title order={4} fz="h5">
            {t('directory.form.access')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('directory.form.hours')}
              description={t('directory.form.hoursHint')}
              maxLength={200}
              value={hours}
              onChange={(e) => setHours(e.currentTarget.value)}
              error={fieldError(error, 'hours')}
              data-testid="directory-form-hours"
            />
            <Checkbox
              mt={{ sm: 'xl' }}
              label={t('directory.form.urgent24x7')}
              checked={urgent}
              onChange={(e) => setUrgent(e.currentTarget.checked)}
              data-testid="directory-form-urgent"
            />
            <TextInput
              type="tel"
              label={t('directory.form.phone')}
              description={t('directory.form.contactHint')}
              autoComplete="off"
              value={phone}
              onChange={(e) => setPhone(e.currentTarget.value)}
              error={fieldError(error, 'contact.phone') ?? contactError(error)}
              data-testid="directory-form-phone"
            />
            <TextInput
              type="email"
              label={t('directory.form.email')}
              autoComplete="off"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fieldError(error, 'contact.email')}
              data-testid="directory-form-email"
            />
          </SimpleGrid>
        </Stack>

        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="directory-form-submit">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** The "give a phone or an e-mail" error, which the server names on `contact` itself. */
function contactError(error: unknown): string | undefined {
  if (!error || typeof error !== 'object' || !('problem' in error)) return undefined;
  const problem = (error as { problem: { errors?: { field: string; message: string }[] } }).problem;
  return problem.errors?.find((e) => e.field.replace(/^\/+/, '') === 'contact')?.message;
}
