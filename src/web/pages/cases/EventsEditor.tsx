import { Button, Card, Group, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { fieldError } from '../../ui/ProblemAlert.js';
import { CountrySelect, HtcdsSelect, RegionPicker } from './fields.js';

export interface EventForm {
  key: number;
  type: string | null;
  countryCode: string | null;
  regionCode: string | null;
  city: string;
  startedOn: string;
  endedOn: string;
  description: string;
}

let nextKey = 1;
export const emptyEvent = (): EventForm => ({
  key: nextKey++,
  type: null,
  countryCode: null,
  regionCode: null,
  city: '',
  startedOn: '',
  endedOn: '',
  description: '',
});

/** The API body of the events (empty fields left out: undefined is not sent; a region only for Indonesia). */
export function eventsBody(events: EventForm[]) {
  return events.map((e) => ({
    type: e.type ?? '',
    countryCode: e.countryCode ?? '',
    regionCode: e.countryCode === 'ID' ? e.regionCode || undefined : undefined,
    city: e.city.trim() || undefined,
    startedOn: e.startedOn || undefined,
    endedOn: e.endedOn || undefined,
    description: e.description.trim() || undefined,
  }));
}

interface Props {
  events: EventForm[];
  onChange: (events: EventForm[]) => void;
  /** The last failed call, for field messages under `events.<i>.<field>`. */
  error: unknown;
  /** Level of each event's heading (below the section heading it sits in). */
  headingOrder?: 3 | 4 | 5;
}

/** HTCDS trafficking events (recruitment, transit, exploitation): where and when. */
export function EventsEditor({ events, onChange, error, headingOrder = 4 }: Props) {
  const { t } = useTranslation();
  const update = (index: number, patch: Partial<EventForm>) =>
    onChange(events.map((e, i) => (i === index ? { ...e, ...patch } : e)));
  return (
    <Stack gap="sm">
      {events.length === 0 && (
        <Text size="sm" c="gray.7">
          {t('cases.events.none')}
        </Text>
      )}
      {events.map((event, index) => {
        const f = (name: string) => fieldError(error, `events.${index}.${name}`);
        return (
          <Card
            key={event.key}
            withBorder
            padding="sm"
            role="group"
            aria-label={t('cases.events.numbered', { number: index + 1 })}
            data-testid={`event-${index}`}
          >
            <Stack gap="sm">
              <Group justify="space-between">
                <Title order={headingOrder} fz="md">
                  {t('cases.events.numbered', { number: index + 1 })}
                </Title>
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  onClick={() => onChange(events.filter((_, i) => i !== index))}
                  aria-label={t('cases.events.removeNumbered', { number: index + 1 })}
                >
                  {t('cases.events.remove')}
                </Button>
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <HtcdsSelect
                  field="hte_Type"
                  label={t('cases.events.type')}
                  required
                  value={event.type}
                  onChange={(type) => update(index, { type })}
                  error={f('type')}
                  testId={`event-${index}-type`}
                />
                <CountrySelect
                  label={t('cases.events.country')}
                  required
                  value={event.countryCode}
                  onChange={(countryCode) => update(index, { countryCode, regionCode: null })}
                  error={f('countryCode')}
                  testId={`event-${index}-country`}
                />
              </SimpleGrid>
              {event.countryCode === 'ID' && (
                <RegionPicker
                  value={event.regionCode}
                  onChange={(regionCode) => update(index, { regionCode })}
                  provinceLabel={t('cases.events.province')}
                  regencyLabel={t('cases.events.regency')}
                  error={f('regionCode')}
                  testId={`event-${index}-region`}
                />
              )}
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput
                  label={t('cases.events.city')}
                  value={event.city}
                  onChange={(e) => update(index, { city: e.currentTarget.value })}
                  error={f('city')}
                  data-testid={`event-${index}-city`}
                />
                <TextInput
                  type="date"
                  label={t('cases.events.startedOn')}
                  value={event.startedOn}
                  onChange={(e) => update(index, { startedOn: e.currentTarget.value })}
                  error={f('startedOn')}
                  data-testid={`event-${index}-started`}
                />
                <TextInput
                  type="date"
                  label={t('cases.events.endedOn')}
                  value={event.endedOn}
                  onChange={(e) => update(index, { endedOn: e.currentTarget.value })}
                  error={f('endedOn')}
                  data-testid={`event-${index}-ended`}
                />
              </SimpleGrid>
              <Textarea
                label={t('cases.events.description')}
                autosize
                minRows={2}
                value={event.description}
                onChange={(e) => update(index, { description: e.currentTarget.value })}
                error={f('description')}
              />
            </Stack>
          </Card>
        );
      })}
      <Group>
        <Button variant="light" onClick={() => onChange([...events, emptyEvent()])} data-testid="event-add">
          {t('cases.events.add')}
        </Button>
      </Group>
    </Stack>
  );
}
