import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page, type User } from '../../api.js';
import { useAuth, useMe } from '../../auth.js';
import { formatDateTime } from '../../ui/format.js';
import { fieldError, ProblemAlert } from '../../ui/ProblemAlert.js';
import { useRegionName } from '../../ui/reference.js';
import { type EventForm, EventsEditor, emptyEvent, eventsBody } from './EventsEditor.js';
import { FactList } from './FactList.js';
import { EnumSelect, formatDate, RiskBadge, useCountryName, useHtcdsLabel } from './fields.js';
import {
  type CaseDetail,
  type CaseEvent,
  type CaseStage,
  type IdentityField,
  type IdentityPresence,
  identityFields,
  memberRoles,
  type Person,
  type ProfileMultiKey,
  profileMultiFields,
  type RevealedIdentity,
} from './model.js';
import { ScrollTable } from './ScrollTable.js';
import { useCaseRefresh } from './useCase.js';

/** Overview: stage and its next steps, status, person (identity masked), facts, profile, events, team. */
export function OverviewTab({ kase }: { kase: CaseDetail }) {
  return (
    <Stack>
      <StageCard kase={kase} />
      <PersonCard kase={kase} />
      <FactsCard kase={kase} />
      <EventsCard kase={kase} />
      <TeamCard kase={kase} />
    </Stack>
  );
}

function StageCard({ kase }: { kase: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { can } = useAuth();
  const htcdsLabel = useHtcdsLabel();
  const refresh = useCaseRefresh(kase.id);
  const [target, setTarget] = useState<CaseStage | null>(null);
  const [reason, setReason] = useState('');
  const move = useMutation({
    mutationFn: () =>
      api.post<CaseDetail>(`/api/cases/${kase.id}/transition`, {
        to: target,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      }),
    onSuccess: async () => {
      setTarget(null);
      setReason('');
      await refresh();
    },
  });
  const mayMove = can('cases.update') && kase.stage !== 'closed';
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="stage-heading">
      <Stack gap="sm">
        <Title order={2} fz="h4" id="stage-heading">
          {t('cases.overview.stageTitle')}
        </Title>
        <FactList
          facts={[
            { label: t('cases.stageLabel'), value: t(`cases.stage.${kase.stage}`), testId: 'overview-stage' },
            {
              label: t('cases.traffickingStatus'),
              value: htcdsLabel('vic_TraffickingStatus', kase.traffickingStatus),
              testId: 'overview-status',
            },
            {
              label: t('cases.overview.decidedByOrg'),
              value: htcdsLabel('vic_TraffickingStatusDecisionMakingOrg', kase.statusDecidedByOrg),
            },
            {
              label: t('cases.overview.decidedAt'),
              value: kase.statusDecidedAt ? formatDateTime(kase.statusDecidedAt, me.timeZone, i18n.language) : null,
            },
            {
              label: t('cases.overview.identifiedAt'),
              value: kase.identifiedAt ? formatDateTime(kase.identifiedAt, me.timeZone, i18n.language) : null,
            },
            {
              label: t('cases.child'),
              value: kase.isChild
                ? kase.childBasis
                  ? `${t('common.yes')} — ${t(`cases.childBasis.${kase.childBasis}`)}`
                  : t('common.yes')
                : t('common.no'),
              testId: 'overview-child',
            },
          ]}
        />
        {mayMove && kase.allowedTransitions.length > 0 && (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('cases.overview.nextSteps')}
            </Text>
            <Group gap="xs">
              {kase.allowedTransitions.map((to) => (
                <Button
                  key={to}
                  variant="light"
                  size="sm"
                  onClick={() => {
                    move.reset();
                    setTarget(to);
                  }}
                  data-testid={`transition-${to}`}
                >
                  {t('cases.overview.moveTo', { stage: t(`cases.stage.${to}`) })}
                </Button>
              ))}
            </Group>
          </Stack>
        )}
        {kase.closureRequested && kase.stage !== 'closed' && (
          <Text size="sm" c="gray.7">
            {t('cases.overview.closurePending')}
          </Text>
        )}
      </Stack>
      <Modal
        opened={target !== null}
        onClose={() => setTarget(null)}
        title={target ? t('cases.overview.moveTo', { stage: t(`cases.stage.${target}`) }) : ''}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        centered
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            move.mutate();
          }}
        >
          <Stack>
            <ProblemAlert error={move.error} fields={['reason']} />
            <Textarea
              label={t('cases.overview.moveReason')}
              autosize
              minRows={2}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={fieldError(move.error, 'reason')}
              data-testid="transition-reason"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setTarget(null)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={move.isPending} data-testid="transition-confirm">
                {t('cases.overview.confirmMove')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}

function PersonCard({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const htcdsLabel = useHtcdsLabel();
  const countryName = useCountryName();
  const region = useRegionName(kase.person.regionCode);
  const person = useQuery({
    queryKey: ['case', kase.id, 'person', kase.personId],
    queryFn: () => api.get<Person>(`/api/persons/${kase.personId}`),
    enabled: can('persons.read'),
  });
  const presence = useQuery({
    queryKey: ['case', kase.id, 'identity-presence', kase.personId],
    queryFn: () => api.get<IdentityPresence>(`/api/persons/${kase.personId}/identity`),
    enabled: can('persons.read'),
  });
  const [revealing, setRevealing] = useState(false);
  const [correctingAge, setCorrectingAge] = useState(false);
  const p = kase.person;
  const present = presence.data?.present ?? [];
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="person-heading">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} fz="h4" id="person-heading">
            {t('cases.overview.personTitle')}
          </Title>
          <Group gap="xs">
            {can('persons.identity.update') && kase.stage !== 'closed' && (
              <Button variant="light" onClick={() => setCorrectingAge(true)} data-testid="age-open">
                {t('cases.age.open')}
              </Button>
            )}
            {can('persons.identity.reveal') && present.length > 0 && (
              <Button variant="light" color="orange" onClick={() => setRevealing(true)} data-testid="reveal-open">
                {t('cases.reveal.open')}
              </Button>
            )}
          </Group>
        </Group>
        <FactList
          facts={[
            { label: t('cases.person.pseudonym'), value: p.pseudonym, testId: 'person-pseudonym' },
            { label: t('cases.initials'), value: p.initials, testId: 'person-initials' },
            { label: t('cases.sex'), value: htcdsLabel('prs_Gender', p.sex) },
            { label: t('cases.person.birthYear'), value: p.birthYear },
            { label: t('cases.person.ageEstimated'), value: p.ageEstimated },
            { label: t('cases.person.citizenship'), value: countryName(p.citizenship) },
            { label: t('cases.person.origin'), value: region, testId: 'person-origin' },
            {
              label: t('cases.person.languages'),
              value: p.languages.map((l) => t(`cases.language.${l}`, { defaultValue: l })).join(', '),
            },
            {
              label: t('cases.person.disability'),
              value: p.disability ? t(`cases.disability.${p.disability}`, { defaultValue: p.disability }) : null,
            },
            ...(person.data
              ? [
                  {
                    label: t('cases.person.education'),
                    value: htcdsLabel('prs_HighestLevelOfEducation', person.data.education),
                  },
                  {
                    label: t('cases.person.maritalStatus'),
                    value: htcdsLabel('prs_MaritalStatus', person.data.maritalStatus),
                  },
                  { label: t('cases.person.childrenCount'), value: person.data.childrenCount },
                ]
              : []),
          ]}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('cases.overview.identityMasked')}
          </Text>
          <Group gap={6} data-testid="identity-presence">
            {present.length === 0 ? (
              <Text size="sm" c="gray.7">
                {t('cases.overview.identityNone')}
              </Text>
            ) : (
              present.map((f) => (
                <Badge key={f} variant="light" color="gray">
                  {t(`cases.identity.${f}`)}: ••••
                </Badge>
              ))
            )}
          </Group>
        </Stack>
      </Stack>
      {revealing && <RevealDialog personId={kase.personId} present={present} onClose={() => setRevealing(false)} />}
      {correctingAge && <AgeDialog kase={kase} onClose={() => setCorrectingAge(false)} />}
    </Card>
  );
}

/**
 * Corrects her age facts (date of birth, birth year, age estimate) with a reason; the case's child status and
 * who consents for her follow at once (Law 35/2014: a child until her age is assessed). The date of birth is
 * written to the vault and never shown here.
 */
function AgeDialog({ kase, onClose }: { kase: CaseDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useCaseRefresh(kase.id);
  const [dateOfBirth, setDateOfBirth] = useState('');
  const [birthYear, setBirthYear] = useState('');
  const [ageEstimated, setAgeEstimated] = useState('');
  const [purpose, setPurpose] = useState('');
  const save = useMutation({
    mutationFn: () =>
      api.patch(`/api/persons/${kase.personId}/age`, {
        ...(dateOfBirth ? { dateOfBirth } : {}),
        ...(birthYear.trim() ? { birthYear: Number(birthYear) } : {}),
        ...(ageEstimated.trim() ? { ageEstimated: Number(ageEstimated) } : {}),
        purpose: purpose.trim(),
      }),
    onSuccess: async () => {
      await refresh();
      onClose();
    },
  });
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('cases.age.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      centered
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
        data-testid="age-form"
      >
        <Stack>
          <Text size="sm">{t('cases.age.intro')}</Text>
          <ProblemAlert error={save.error} fields={['dateOfBirth', 'birthYear', 'ageEstimated', 'purpose']} />
          <TextInput
            type="date"
            label={t('cases.identity.dateOfBirth')}
            value={dateOfBirth}
            onChange={(e) => setDateOfBirth(e.currentTarget.value)}
            error={fieldError(save.error, 'dateOfBirth')}
            data-testid="age-date-of-birth"
          />
          <Group grow>
            <TextInput
              inputMode="numeric"
              label={t('cases.person.birthYear')}
              value={birthYear}
              onChange={(e) => setBirthYear(e.currentTarget.value)}
              error={fieldError(save.error, 'birthYear')}
              data-testid="age-birth-year"
            />
            <TextInput
              inputMode="numeric"
              label={t('cases.person.ageEstimated')}
              value={ageEstimated}
              onChange={(e) => setAgeEstimated(e.currentTarget.value)}
              error={fieldError(save.error, 'ageEstimated')}
              data-testid="age-estimated"
            />
          </Group>
          <Textarea
            label={t('cases.age.purpose')}
            description={t('cases.age.purposeHint')}
            required
            autosize
            minRows={2}
            value={purpose}
            onChange={(e) => setPurpose(e.currentTarget.value)}
            error={fieldError(save.error, 'purpose')}
            data-testid="age-purpose"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="age-submit">
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * Reveals identity fields for a stated purpose (Law 21/2007 Art. 44: identity is confidential). The answer
 * lives only in this dialog's state: not in the query cache, gone when the dialog closes.
 */
function RevealDialog({
  personId,
  present,
  onClose,
}: {
  personId: string;
  present: IdentityField[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [fields, setFields] = useState<string[]>([]);
  const [purpose, setPurpose] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [revealed, setRevealed] = useState<RevealedIdentity | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      setRevealed(
        await api.post<RevealedIdentity>(`/api/persons/${personId}/identity/reveal`, {
          fields,
          purpose: purpose.trim(),
        }),
      );
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  };

  const close = () => {
    setRevealed(null);
    onClose();
  };

  return (
    <Modal
      opened
      onClose={close}
      title={t('cases.reveal.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      size="lg"
      centered
      closeOnClickOutside={false}
    >
      {revealed ? (
        <Stack data-testid="reveal-result">
          <Alert color="orange" variant="light">
            {t('cases.reveal.shownOnce')}
          </Alert>
          <FactList
            cols={2}
            facts={identityFields
              .filter((f) => revealed[f] !== undefined)
              .map((f) => {
                const value = revealed[f];
                return {
                  label: t(`cases.identity.${f}`),
                  value: Array.isArray(value) ? value.join(', ') : value,
                  testId: `revealed-${f}`,
                };
              })}
          />
          <Group justify="flex-end">
            <Button onClick={close} data-testid="reveal-done">
              {t('cases.reveal.done')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">{t('cases.reveal.intro')}</Text>
            <ProblemAlert error={error} fields={['fields', 'purpose']} />
            <Checkbox.Group
              label={t('cases.reveal.fields')}
              value={fields}
              onChange={setFields}
              error={fieldError(error, 'fields')}
              required
            >
              <Stack gap={6} mt={6}>
                {present.map((f) => (
                  <Checkbox key={f} value={f} label={t(`cases.identity.${f}`)} data-testid={`reveal-field-${f}`} />
                ))}
              </Stack>
            </Checkbox.Group>
            <Textarea
              label={t('cases.reveal.purpose')}
              description={t('cases.reveal.purposeHint')}
              required
              autosize
              minRows={2}
              value={purpose}
              onChange={(e) => setPurpose(e.currentTarget.value)}
              error={fieldError(error, 'purpose')}
              data-testid="reveal-purpose"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={pending} data-testid="reveal-submit">
                {t('cases.reveal.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function FactsCard({ kase }: { kase: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const htcdsLabel = useHtcdsLabel();
  const countryName = useCountryName();
  const p = kase.profile;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="facts-heading">
      <Stack gap="sm">
        <Title order={2} fz="h4" id="facts-heading">
          {t('cases.overview.factsTitle')}
        </Title>
        <FactList
          facts={[
            {
              label: t('cases.referralSourceLabel'),
              value: t(`cases.referralSource.${kase.referralSource}`, { defaultValue: kase.referralSource }),
            },
            { label: t('cases.intakeAt'), value: formatDateTime(kase.intakeAt, me.timeZone, i18n.language) },
            { label: t('cases.riskLevel'), value: <RiskBadge level={kase.riskLevel} /> },
            { label: t('cases.overview.leadAgency'), value: kase.leadAgency.name },
          ]}
        />
        <Stack gap={2}>
          <Text size="sm" c="gray.7">
            {t('cases.summary')}
          </Text>
          <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="overview-summary">
            {kase.summary || '—'}
          </Text>
        </Stack>
        <Title order={3} fz="h5">
          {t('cases.profile.title')}
        </Title>
        <FactList
          facts={[
            ...(
              Object.entries(profileMultiFields) as [ProfileMultiKey, (typeof profileMultiFields)[ProfileMultiKey]][]
            ).map(([key, field]) => ({
              label: t(`cases.profile.${key}`),
              value:
                p[key].length > 0 ? (
                  <Group gap={4} component="span">
                    {p[key].map((v) => (
                      <Badge key={v} variant="light" color="blue" component="span">
                        {htcdsLabel(field, v)}
                      </Badge>
                    ))}
                  </Group>
                ) : null,
              testId: `profile-${key}`,
            })),
            {
              label: t('cases.profile.relationshipToTrafficker'),
              value: htcdsLabel('vic_RelationshipToTrafficker', p.relationshipToTrafficker),
            },
            {
              label: t('cases.profile.forcedLabourIndustry'),
              value: htcdsLabel('vic_ForcedLabourIndustry', p.forcedLabourIndustry),
              testId: 'profile-industry',
            },
            {
              label: t('cases.profile.exploitationCountry'),
              value: countryName(p.exploitationCountry),
              testId: 'profile-country',
            },
            { label: t('cases.profile.ageWhenTrafficked'), value: p.ageWhenTrafficked },
          ]}
        />
      </Stack>
    </Card>
  );
}

function EventRow({ event }: { event: CaseEvent }) {
  const { i18n } = useTranslation();
  const htcdsLabel = useHtcdsLabel();
  const countryName = useCountryName();
  const region = useRegionName(event.regionCode);
  return (
    <Table.Tr data-testid="event-row">
      <Table.Td>{htcdsLabel('hte_Type', event.type)}</Table.Td>
      <Table.Td>
        {[countryName(event.countryCode), event.regionCode ? region : null, event.city].filter(Boolean).join(' · ')}
      </Table.Td>
      <Table.Td>
        {formatDate(event.startedOn, i18n.language)} – {formatDate(event.endedOn, i18n.language)}
      </Table.Td>
      <Table.Td>{event.description ?? '—'}</Table.Td>
    </Table.Tr>
  );
}

function EventsCard({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const refresh = useCaseRefresh(kase.id);
  const [adding, setAdding] = useState(false);
  const [events, setEvents] = useState<EventForm[]>([]);
  const add = useMutation({
    mutationFn: () => api.post<CaseDetail>(`/api/cases/${kase.id}/events`, { events: eventsBody(events) }),
    onSuccess: async () => {
      setAdding(false);
      setEvents([]);
      await refresh();
    },
  });
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="events-heading">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} fz="h4" id="events-heading">
            {t('cases.events.title')}
          </Title>
          {can('cases.update') && kase.stage !== 'closed' && (
            <Button
              variant="light"
              size="sm"
              onClick={() => {
                add.reset();
                setEvents([emptyEvent()]);
                setAdding(true);
              }}
              data-testid="events-add-open"
            >
              {t('cases.events.add')}
            </Button>
          )}
        </Group>
        {kase.events.length === 0 ? (
          <Text size="sm" c="gray.7">
            {t('cases.events.none')}
          </Text>
        ) : (
          <ScrollTable minWidth={640} label={t('cases.events.title')}>
            <Table verticalSpacing="xs" data-testid="events-table">
              <Table.Caption>
                <VisuallyHidden>{t('cases.events.title')}</VisuallyHidden>
              </Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('cases.events.type')}</Table.Th>
                  <Table.Th scope="col">{t('cases.events.place')}</Table.Th>
                  <Table.Th scope="col">{t('cases.events.period')}</Table.Th>
                  <Table.Th scope="col">{t('cases.events.description')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {kase.events.map((e) => (
                  <EventRow key={e.id} event={e} />
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </Stack>
      <Modal
        opened={adding}
        onClose={() => setAdding(false)}
        title={t('cases.events.add')}
        size="xl"
        closeButtonProps={{ 'aria-label': t('common.close') }}
        closeOnClickOutside={false}
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
          noValidate
        >
          <Stack>
            <ProblemAlert error={add.error} fields={['events']} />
            <EventsEditor events={events} onChange={setEvents} error={add.error} headingOrder={3} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAdding(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={add.isPending} disabled={events.length === 0}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}

function TeamCard({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const refresh = useCaseRefresh(kase.id);
  const [adding, setAdding] = useState(false);
  const [userId, setUserId] = useState<string | null>(null);
  const [role, setRole] = useState<string | null>('member');
  // Choosing a colleague needs the user list (users.read); without it the team is shown but not changed here.
  const mayAdd = can('cases.update') && can('users.read') && kase.stage !== 'closed';
  const users = useQuery({
    queryKey: ['users', 'agency', kase.leadAgency.id],
    queryFn: () => api.get<Page<User>>('/api/users', { agencyId: kase.leadAgency.id, status: 'active', limit: 200 }),
    enabled: adding,
  });
  const add = useMutation({
    mutationFn: () => api.post<CaseDetail>(`/api/cases/${kase.id}/members`, { userId: userId ?? '', role }),
    onSuccess: async () => {
      setAdding(false);
      setUserId(null);
      await refresh();
    },
  });
  const onTeam = new Set(kase.team.map((m) => m.userId));
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="team-heading">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} fz="h4" id="team-heading">
            {t('cases.team.title')}
          </Title>
          {mayAdd && (
            <Button
              variant="light"
              size="sm"
              onClick={() => {
                add.reset();
                setAdding(true);
              }}
              data-testid="team-add-open"
            >
              {t('cases.team.add')}
            </Button>
          )}
        </Group>
        <Table verticalSpacing="xs" data-testid="team-table">
          <Table.Caption>
            <VisuallyHidden>{t('cases.team.title')}</VisuallyHidden>
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('cases.team.name')}</Table.Th>
              <Table.Th scope="col">{t('cases.team.username')}</Table.Th>
              <Table.Th scope="col">{t('cases.team.role')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {kase.team.map((m) => (
              <Table.Tr key={m.userId} data-testid="team-row">
                <Table.Td>{m.displayName}</Table.Td>
                <Table.Td>{m.username}</Table.Td>
                <Table.Td>{t(`cases.memberRole.${m.role}`, { defaultValue: m.role })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
      <Modal
        opened={adding}
        onClose={() => setAdding(false)}
        title={t('cases.team.add')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        centered
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
          noValidate
        >
          <Stack>
            <ProblemAlert error={add.error ?? users.error} fields={['userId', 'role']} />
            <Select
              label={t('cases.team.user')}
              required
              searchable
              data={(users.data?.items ?? [])
                .filter((u) => !onTeam.has(u.id))
                .map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))}
              value={userId}
              onChange={setUserId}
              error={fieldError(add.error, 'userId')}
              nothingFoundMessage={users.isFetching ? t('common.loading') : t('common.nothingFound')}
              data-testid="team-user"
              comboboxProps={{ withinPortal: true }}
            />
            <EnumSelect
              label={t('cases.team.role')}
              values={memberRoles}
              prefix="cases.memberRole"
              required
              value={role}
              onChange={setRole}
              error={fieldError(add.error, 'role')}
              testId="team-role"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAdding(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={add.isPending} data-testid="team-add-submit">
                {t('cases.team.add')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}
