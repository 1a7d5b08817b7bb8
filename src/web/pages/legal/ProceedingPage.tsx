import { Anchor, Badge, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { legalKeys, useProceeding } from '../../api/legal.js';
import { useAuth } from '../../auth.js';
import { RecordLoading, RecordUnavailable } from '../../ui/RecordFallback.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { formatDate, useHtcdsLabel } from '../cases/fields.js';
import { InformedLog, Section } from './InformedLog.js';
import { type Proceeding, rupiah } from './model.js';
import { HearingForm, StageForm } from './ProceedingForms.js';
import { RestitutionChain } from './RestitutionChain.js';
import { ClaimForm, VerdictForm } from './VerdictForms.js';

/**
 * A criminal proceeding as the caller may see it: police and prosecutors party to it see every victim; a case
 * team or a consented recipient sees her own victim only. Actions appear only for who may take them.
 */
export function ProceedingPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const { can } = useAuth();
  const htcdsLabel = useHtcdsLabel();
  usePageTitle('legal.page.title');
  const queryClient = useQueryClient();
  const proceeding = useProceeding(id);
  const update = (p: Proceeding) => {
    queryClient.setQueryData(legalKeys.proceeding(id), p);
    for (const k of ['legal-due', 'legal-proceedings', 'legal-case'])
      void queryClient.invalidateQueries({ queryKey: [k] });
    void queryClient.invalidateQueries({ queryKey: ['informed', id] });
  };
  const lang = i18n.language;

  if (proceeding.isPending) return <RecordLoading />;
  if (proceeding.error || !proceeding.data) {
    return (
      <RecordUnavailable
        title={t('legal.page.title')}
        error={proceeding.error}
        notFound={t('legal.page.notFound')}
        notFoundTestId="proceeding-not-found"
      />
    );
  }
  const p = proceeding.data;
  const defendantName = (did: string) => {
    const d = p.defendants.find((x) => x.id === did);
    return d ? `${d.pseudonym}${d.initials ? ` (${d.initials})` : ''}` : '—';
  };

  return (
    <Stack>
      {can('legal.read') && (
        <Anchor component={Link} to="/legal" size="sm">
          ← {t('legal.title')}
        </Anchor>
      )}
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1} data-testid="proceeding-title">
            {p.reportNumber}
          </Title>
          <Group gap="xs">
            <Badge variant="light" color={p.open ? 'blue' : 'gray'} data-testid="proceeding-stage">
              {t(`legal.stages.${p.stage}`)}
            </Badge>
            <Badge variant="outline">{t(`legal.laws.${p.law}`)}</Badge>
          </Group>
        </Stack>
      </Group>

      <Section title={t('legal.page.facts')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Text size="sm">
            <b>{t('legal.policeUnit')}:</b> {p.policeUnit}
          </Text>
          <Text size="sm">
            <b>{t('legal.reportedOn')}:</b> {formatDate(p.reportedOn, lang)}
          </Text>
          <Text size="sm">
            <b>{t('legal.exploitationType')}:</b> {htcdsLabel('vic_TypeOfExploitation', p.exploitationType)}
          </Text>
          <Text size="sm">
            <b>{t('legal.page.court')}:</b> {p.courtName ?? '—'}
          </Text>
          <Text size="sm">
            <b>{t('legal.page.parties')}:</b>{' '}
            {p.parties.map((x) => `${x.agency.name} (${t(`legal.partyRoles.${x.role}`)})`).join('; ')}
          </Text>
        </SimpleGrid>
        <Title order={3} fz="h4">
          {t('legal.victims')}
        </Title>
        <ScrollTable minWidth={560} label={t('legal.victims')}>
          <Table data-testid="proceeding-victims">
            <Table.Tbody>
              {p.victims.map((v) => (
                <Table.Tr key={v.caseId}>
                  <Table.Td>
                    {can('cases.read') ? (
                      <Anchor component={Link} to={`/cases/${v.caseId}?tab=legal`}>
                        {v.caseNumber}
                      </Anchor>
                    ) : (
                      v.caseNumber
                    )}
                  </Table.Td>
                  <Table.Td>{t(`legal.victimRoles.${v.role}`)}</Table.Td>
                  <Table.Td>{v.isChild ? t('cases.badge.child', { defaultValue: 'Anak' }) : ''}</Table.Td>
                  <Table.Td>{v.accompaniedBy ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
        {p.otherVictims > 0 && (
          <Text size="sm" c="gray.7">
            {t('legal.otherVictims', { count: p.otherVictims })}
          </Text>
        )}
        <Title order={3} fz="h4">
          {t('legal.page.defendants')}
        </Title>
        {p.defendants.map((d) => (
          <Text size="sm" key={d.id} data-testid="proceeding-defendant">
            {d.pseudonym} {d.initials ? `(${d.initials})` : ''} · {t(`legal.defendantStatuses.${d.status}`)} ·{' '}
            {t('legal.page.rolesInProcess')}:{' '}
            {d.rolesInProcess.map((r) => htcdsLabel('per_RoleInProcess', r)).join(', ')}
          </Text>
        ))}
        {p.charges.length > 0 && (
          <Text size="sm">
            <b>{t('legal.page.charges')}:</b>{' '}
            {p.charges.map((c) => `${t(`legal.chargeLaws.${c.law}`)} ${c.article}`).join('; ')}
          </Text>
        )}
        <Text size="sm" c="gray.7">
          {t('legal.page.history')}:{' '}
          {p.stageHistory.map((h) => `${t(`legal.stages.${h.stage}`)} (${formatDate(h.on, lang)})`).join(' → ')}
        </Text>
        {p.abilities.manage && p.nextStages.length > 0 && <StageForm p={p} onChange={update} />}
      </Section>

      <Section title={t('legal.page.hearings')}>
        {p.hearings.length === 0 ? (
          <Text size="sm" c="gray.7">
            {t('legal.page.noHearings')}
          </Text>
        ) : (
          <ScrollTable minWidth={640} label={t('legal.page.hearings')}>
            <Table data-testid="proceeding-hearings">
              <Table.Tbody>
                {p.hearings.map((h) => (
                  <Table.Tr key={h.id}>
                    <Table.Td>{formatDate(h.heldOn, lang)}</Table.Td>
                    <Table.Td>{h.court}</Table.Td>
                    <Table.Td>{h.testimonyMode ? t(`legal.testimonyModes.${h.testimonyMode}`) : ''}</Table.Td>
                    <Table.Td>{h.accompaniedBy ?? ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
        {p.abilities.manage && <HearingForm p={p} onChange={update} />}
      </Section>

      <Section title={t('legal.page.verdicts')}>
        {p.verdicts.length === 0 ? (
          <Text size="sm" c="gray.7">
            {t('legal.page.noVerdicts')}
          </Text>
        ) : (
          <ScrollTable minWidth={720} label={t('legal.page.verdicts')}>
            <Table data-testid="proceeding-verdicts">
              <Table.Tbody>
                {p.verdicts.map((v) => (
                  <Table.Tr key={v.id}>
                    <Table.Td>{formatDate(v.decidedOn, lang)}</Table.Td>
                    <Table.Td>{t(`legal.instances.${v.instance}`)}</Table.Td>
                    <Table.Td>{defendantName(v.defendantId)}</Table.Td>
                    <Table.Td>{t(`legal.outcomes.${v.outcome}`)}</Table.Td>
                    <Table.Td>
                      {v.restitutionOrdered
                        ? `${t('legal.page.restitutionOrdered')}: ${rupiah(v.restitutionAmount, lang)}`
                        : ''}
                    </Table.Td>
                    <Table.Td>{v.finalOn ? formatDate(v.finalOn, lang) : t('legal.page.notFinal')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
        {p.abilities.manage && p.defendants.length > 0 && <VerdictForm p={p} onChange={update} />}
      </Section>

      <Section title={t('legal.restitution.title')}>
        <Text size="sm" c="gray.7">
          {t('legal.restitution.intro')}
        </Text>
        {p.claims.length === 0 && (
          <Text size="sm" c="gray.7">
            {t('legal.restitution.none')}
          </Text>
        )}
        {p.claims.map((c) => (
          <RestitutionChain key={c.id} claim={c} canRecord={p.abilities.recordRestitution} onChange={update} />
        ))}
        {p.abilities.recordRestitution && p.victims.length > 0 && <ClaimForm p={p} onChange={update} />}
      </Section>

      <InformedLog p={p} />
    </Stack>
  );
}
