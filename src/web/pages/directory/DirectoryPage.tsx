import {
  Button,
  Card,
  Center,
  Checkbox,
  Group,
  Loader,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type DirectoryFilters, directoryApi, directoryKeys } from '../../api/directory.js';
import { useAuth } from '../../auth.js';
import { LoadMore } from '../../ui/LoadMore.js';
import { fieldError, ProblemAlert } from '../../ui/ProblemAlert.js';
import { useKeysetPages, withoutEmpty } from '../../ui/useKeysetList.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { CountrySelect, EnumSelect, HtcdsSelect, RegionPicker } from '../cases/fields.js';
import { serviceTypes } from '../cases/model.js';
import { directoryLanguages, useLanguageName } from './model.js';
import { OwnServicesSection } from './OwnServicesSection.js';
import { ServiceCard } from './ServiceCard.js';

interface Filters {
  type: string | null;
  region: string | null;
  age: number | string;
  sex: string | null;
  nationality: string | null;
  language: string | null;
  urgent: boolean;
  available: boolean;
}

const emptyFilters: Filters = {
  type: null,
  region: null,
  age: '',
  sex: null,
  nationality: null,
  language: null,
  urgent: false,
  available: false,
};

/** The search fields the server may name in a validation error (`query.<name>`). */
const queryFields = ['type', 'region', 'age', 'sex', 'nationality', 'language', 'urgent', 'available'].map(
  (f) => `query.${f}`,
);

/**
 * The service directory: which agency offers which service where, for whom, in which languages, with how
 * many free places. Nearest first (same regency, same province, elsewhere). Staff who manage their agency's
 * directory entries keep them current below the search.
 */
export function DirectoryPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  usePageTitle('directory.title');
  const [draft, setDraft] = useState<Filters>(emptyFilters);
  const [applied, setApplied] = useState<Filters>(emptyFilters);
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const languageName = useLanguageName();

  const filters = withoutEmpty({
    type: (applied.type ?? undefined) as DirectoryFilters['type'],
    region: applied.region ?? undefined,
    age: typeof applied.age === 'number' ? applied.age : undefined,
    sex: (applied.sex ?? undefined) as DirectoryFilters['sex'],
    nationality: applied.nationality ?? undefined,
    language: applied.language ?? undefined,
    urgent: applied.urgent ? ('true' as const) : undefined,
    available: applied.available ? ('true' as const) : undefined,
  });
  const list = useKeysetPages(directoryKeys.search(filters), (page) => directoryApi.search(filters, page), 20);
  const error = list.error;

  return (
    <Stack>
      <Title order={1}>{t('directory.title')}</Title>
      <Text c="gray.7">{t('directory.intro')}</Text>

      <Card
        withBorder
        padding="md"
        component="form"
        role="search"
        aria-labelledby="directory-search-heading"
        noValidate
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setApplied(draft);
        }}
        data-testid="directory-search"
      >
        <Stack>
          <Title order={2} fz="h3" id="directory-search-heading">
            {t('directory.search.title')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            <EnumSelect
              label={t('directory.search.type')}
              values={serviceTypes}
              prefix="cases.services.types"
              searchable
              value={draft.type}
              onChange={(v) => set('type', v)}
              error={fieldError(error, 'query.type')}
              testId="directory-type"
            />
            <Select
              label={t('directory.search.language')}
              data={directoryLanguages.map((code) => ({ value: code, label: languageName(code) }))}
              value={draft.language}
              onChange={(v) => set('language', v)}
              clearable
              searchable
              error={fieldError(error, 'query.language')}
              data-testid="directory-language"
              comboboxProps={{ withinPortal: true }}
            />
            <NumberInput
              label={t('directory.search.age')}
              description={t('directory.search.ageHint')}
              min={0}
              max={120}
              allowDecimal={false}
              allowNegative={false}
              value={draft.age}
              onChange={(v) => set('age', v)}
              error={fieldError(error, 'query.age')}
              data-testid="directory-age"
            />
            <HtcdsSelect
              field="prs_Gender"
              label={t('directory.search.sex')}
              value={draft.sex}
              onChange={(v) => set('sex', v)}
              error={fieldError(error, 'query.sex')}
              testId="directory-sex"
            />
            <CountrySelect
              label={t('directory.search.nationality')}
              value={draft.nationality}
              onChange={(v) => set('nationality', v)}
              error={fieldError(error, 'query.nationality')}
              testId="directory-nationality"
            />
          </SimpleGrid>
          <RegionPicker
            value={draft.region}
            onChange={(v) => set('region', v)}
            provinceLabel={t('directory.search.province')}
            regencyLabel={t('directory.search.regency')}
            error={fieldError(error, 'query.region')}
            testId="directory-region"
          />
          <Group gap="lg">
            <Checkbox
              label={t('directory.search.urgent')}
              checked={draft.urgent}
              onChange={(e) => set('urgent', e.currentTarget.checked)}
              data-testid="directory-urgent"
            />
            <Checkbox
              label={t('directory.search.available')}
              checked={draft.available}
              onChange={(e) => set('available', e.currentTarget.checked)}
              data-testid="directory-available"
            />
          </Group>
          <Group justify="flex-end">
            <Button
              variant="default"
              onClick={() => {
                setDraft(emptyFilters);
                setApplied(emptyFilters);
              }}
            >
              {t('common.reset')}
            </Button>
            <Button type="submit" loading={list.isFetching && !list.isFetchingNextPage} data-testid="directory-submit">
              {t('common.search')}
            </Button>
          </Group>
        </Stack>
      </Card>

      <Stack gap="sm">
        <Title order={2} fz="h3">
          {t('directory.results.title')}
        </Title>
        <ProblemAlert error={error} fields={queryFields} />
        {list.isPending ? (
          <Center p="lg">
            <Loader aria-label={t('common.loading')} />
          </Center>
        ) : list.isSuccess && list.items.length === 0 ? (
          <Text c="gray.7" role="status" data-testid="directory-empty">
            {t('directory.results.none')}
          </Text>
        ) : (
          <>
            <Stack
              gap="sm"
              component="ul"
              p={0}
              m={0}
              style={{ listStyle: 'none' }}
              aria-label={t('directory.results.title')}
            >
              {list.items.map((service) => (
                <ServiceCard key={service.id} service={service} />
              ))}
            </Stack>
            <LoadMore list={list} />
          </>
        )}
      </Stack>

      {can('directory.manage') && <OwnServicesSection />}
    </Stack>
  );
}
