import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth.js';
import { formatDateTime } from '../../ui/format.js';
import { useAgencyTypes, useLocalised } from '../../ui/reference.js';
import { useCountryName } from '../cases/fields.js';
import { type DirectoryService, type Proximity, useLanguageName } from './model.js';
import { useRegionNames } from './regions.js';

const proximityColour: Record<Proximity, string> = { regency: 'teal', province: 'blue', other: 'gray' };

/** One directory entry: who offers what, where, for whom, in which languages, with places and a contact. */
export function ServiceCard({
  service,
  showAgency = true,
  actions,
}: {
  service: DirectoryService;
  showAgency?: boolean;
  actions?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const types = useAgencyTypes();
  const localised = useLocalised();
  const regionName = useRegionNames([
    ...service.regions,
    ...(service.agency.regionCode ? [service.agency.regionCode] : []),
  ]);
  const countryName = useCountryName();
  const languageName = useLanguageName();
  const typeLabel = t(`cases.services.types.${service.serviceType}`, { defaultValue: service.serviceType });
  const agencyType = localised(types.data?.find((x) => x.key === service.agency.type)?.label, service.agency.type);
  const headingId = `directory-service-${service.id}`;
  const e = service.eligibility;

  const ages =
    e.ageMin !== null && e.ageMax !== null
      ? t('directory.eligibility.ageBetween', { min: e.ageMin, max: e.ageMax })
      : e.ageMin !== null
        ? t('directory.eligibility.ageFrom', { min: e.ageMin })
        : e.ageMax !== null
          ? t('directory.eligibility.ageUpTo', { max: e.ageMax })
          : t('directory.eligibility.anyAge');
  const sexes =
    e.sexes.length === 0
      ? t('directory.eligibility.anySex')
      : e.sexes.map((s) => t(`htcds.prs_Gender.${s}`, { defaultValue: s })).join(', ');
  const nationalities =
    e.nationalities.length === 0
      ? t('directory.eligibility.anyNationality')
      : e.nationalities.map((c) => countryName(c)).join(', ');
  const regions =
    service.regions.length === 0
      ? t('directory.card.noRegion')
      : service.regions.map((code) => regionName(code)).join('; ');

  return (
    <Card
      withBorder
      component="li"
      padding="md"
      aria-labelledby={headingId}
      data-testid="directory-service"
      data-type={service.serviceType}
    >
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2}>
            <Title order={3} fz="h4" id={headingId}>
              {showAgency ? `${typeLabel} · ${service.agency.name}` : typeLabel}
            </Title>
            {showAgency && (
              <Text size="sm" c="gray.7">
                {agencyType}
                {service.agency.regionCode ? ` · ${regionName(service.agency.regionCode)}` : ''}
              </Text>
            )}
          </Stack>
          <Group gap={6} justify="flex-end">
            {service.proximity && (
              <Badge variant="light" color={proximityColour[service.proximity]} data-testid="directory-proximity">
                {t(`directory.proximity.${service.proximity}`)}
              </Badge>
            )}
            {service.urgent24x7 && (
              <Badge variant="filled" color="red.9" data-testid="directory-urgent-badge">
                {t('directory.card.urgent24x7')}
              </Badge>
            )}
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" component="dl" m={0}>
          <Fact label={t('directory.card.regions')}>
            {regions}
            {service.regionsDefault && service.regions.length > 0 ? ` (${t('directory.card.ownRegion')})` : ''}
          </Fact>
          <Fact label={t('directory.card.eligibility')}>{`${ages} · ${sexes} · ${nationalities}`}</Fact>
          <Fact label={t('directory.card.languages')}>
            {service.languages.map((code) => languageName(code)).join(', ') || '—'}
          </Fact>
          <Fact label={t('directory.card.capacity')}>
            {service.capacity ? (
              <span data-testid="directory-capacity">
                <Text span fw={600} c={service.capacity.free === 0 ? 'red.9' : 'teal.9'} size="sm">
                  {t('directory.card.free', { free: service.capacity.free, total: service.capacity.total })}
                </Text>
                {service.capacity.updatedAt && (
                  <Text span size="xs" c="gray.7">
                    {' · '}
                    {t('directory.card.capacityUpdated', {
                      at: formatDateTime(service.capacity.updatedAt, me.timeZone, i18n.language),
                    })}
                  </Text>
                )}
              </span>
            ) : (
              t('directory.card.noCapacity')
            )}
          </Fact>
          <Fact label={t('directory.card.hours')}>{service.hours ?? t('directory.card.noHours')}</Fact>
          <Fact label={t('directory.card.contact')}>
            <Group gap="sm">
              {service.contact.phone && (
                <Anchor href={`tel:${service.contact.phone.replace(/[^+0-9]/g, '')}`} size="sm">
                  {service.contact.phone}
                </Anchor>
              )}
              {service.contact.email && (
                <Anchor href={`mailto:${service.contact.email}`} size="sm">
                  {service.contact.email}
                </Anchor>
              )}
              {!service.contact.phone && !service.contact.email && '—'}
            </Group>
          </Fact>
        </SimpleGrid>
        <Group justify="space-between" align="center">
          <Text size="xs" c="gray.7">
            {t('directory.card.updated', { at: formatDateTime(service.updatedAt, me.timeZone, i18n.language) })}
          </Text>
          {actions}
        </Group>
      </Stack>
    </Card>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" fw={600} c="gray.7">
        {label}
      </Text>
      <Text component="dd" size="sm" m={0}>
        {children}
      </Text>
    </div>
  );
}
