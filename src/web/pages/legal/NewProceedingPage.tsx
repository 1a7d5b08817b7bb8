import { Button, Card, Checkbox, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { legalApi, legalKeys } from '../../api/legal.js';
import { useMe } from '../../auth.js';
import { fieldError, ProblemAlert } from '../../ui/ProblemAlert.js';
import { usePageTitle } from '../../ui/usePageTitle.js';
import { EnumMultiSelect, EnumSelect, HtcdsSelect } from '../cases/fields.js';
import { htcds } from '../cases/model.js';
import { chargeLaws, governingLaws, todayIn, victimRoles } from './model.js';

/**
 * Police open a proceeding from a police report: the victims are chosen among the cases their agencies shared
 * with the police for legal matters (by the victim's consent); the suspect's name goes to the vault only.
 */
export function NewProceedingPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  usePageTitle('legal.newPage.title');
  const shared = useQuery({
    queryKey: legalKeys.sharedCases,
    queryFn: legalApi.sharedCases,
  });
  const [reportNumber, setReportNumber] = useState('');
  const [policeUnit, setPoliceUnit] = useState(me.agency.name);
  const [reportedOn, setReportedOn] = useState(todayIn(me.timeZone));
  const [law, setLaw] = useState<string | null>('ptppo');
  const [exploitation, setExploitation] = useState<string | null>(null);
  const [victims, setVictims] = useState<Record<string, string>>({});
  const [suspectName, setSuspectName] = useState('');
  const [suspectSex, setSuspectSex] = useState<string | null>(null);
  const [suspectRoles, setSuspectRoles] = useState<string[]>(['RecruiterOrIntermediary']);
  const [chargeLaw, setChargeLaw] = useState<string | null>('uu_21_2007');
  const [article, setArticle] = useState('');
  const create = useMutation({
    mutationFn: () =>
      legalApi.createProceeding({
        reportNumber: reportNumber.trim(),
        policeUnit: policeUnit.trim(),
        reportedOn,
        law,
        ...(exploitation ? { exploitationType: exploitation } : {}),
        victims: Object.entries(victims).map(([caseId, role]) => ({ caseId, role })),
        suspects: suspectName.trim()
          ? [
              {
                person: { ...(suspectSex ? { sex: suspectSex } : {}), identity: { fullName: suspectName.trim() } },
                rolesInProcess: suspectRoles,
              },
            ]
          : [],
        charges: article.trim() && chargeLaw ? [{ law: chargeLaw, article: article.trim() }] : [],
      }),
    onSuccess: (p) => navigate(`/legal/proceedings/${p.id}`),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Stack>
      <Title order={1}>{t('legal.newPage.title')}</Title>
      <Text size="sm" c="gray.7">
        {t('legal.newPage.intro')}
      </Text>
      <form onSubmit={submit} aria-label={t('legal.newPage.title')}>
        <Stack>
          <ProblemAlert
            error={create.error ?? shared.error}
            fields={['reportNumber', 'policeUnit', 'reportedOn', 'law']}
          />
          <Card withBorder padding="md">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('legal.reportNumber')}
                value={reportNumber}
                onChange={(e) => setReportNumber(e.currentTarget.value)}
                error={fieldError(create.error, 'reportNumber')}
                required
                data-testid="proceeding-report-number"
              />
              <TextInput
                label={t('legal.policeUnit')}
                value={policeUnit}
                onChange={(e) => setPoliceUnit(e.currentTarget.value)}
                error={fieldError(create.error, 'policeUnit')}
                required
              />
              <TextInput
                type="date"
                label={t('legal.reportedOn')}
                value={reportedOn}
                onChange={(e) => setReportedOn(e.currentTarget.value)}
                error={fieldError(create.error, 'reportedOn')}
                required
                data-testid="proceeding-reported-on"
              />
              <EnumSelect
                label={t('legal.law')}
                values={governingLaws}
                prefix="legal.laws"
                value={law}
                onChange={setLaw}
                required
                error={fieldError(create.error, 'law')}
              />
              <HtcdsSelect
                field="vic_TypeOfExploitation"
                label={t('legal.exploitationType')}
                value={exploitation}
                onChange={setExploitation}
              />
            </SimpleGrid>
          </Card>
          <Card withBorder padding="md" component="fieldset" aria-label={t('legal.newPage.sharedCases')}>
            <Stack gap="xs">
              <Title order={2} fz="h4">
                {t('legal.newPage.sharedCases')}
              </Title>
              {shared.data?.items.length === 0 && (
                <Text size="sm" c="gray.7">
                  {t('legal.newPage.noShared')}
                </Text>
              )}
              {shared.data?.items.map((c) => {
                const chosen = c.caseId in victims;
                return (
                  <Group key={c.caseId} data-testid="shared-case">
                    <Checkbox
                      label={c.caseNumber}
                      checked={chosen}
                      onChange={(e) => {
                        const next = { ...victims };
                        if (e.currentTarget.checked) next[c.caseId] = 'witness';
                        else delete next[c.caseId];
                        setVictims(next);
                      }}
                      data-testid={`shared-case-${c.caseNumber}`}
                    />
                    {chosen && (
                      <Select
                        aria-label={`${t('legal.newPage.role')} ${c.caseNumber}`}
                        data={victimRoles.map((r) => ({ value: r, label: t(`legal.victimRoles.${r}`) }))}
                        value={victims[c.caseId]}
                        onChange={(role) => role && setVictims({ ...victims, [c.caseId]: role })}
                        allowDeselect={false}
                        comboboxProps={{ withinPortal: true }}
                      />
                    )}
                  </Group>
                );
              })}
              {fieldError(create.error, 'victims') && (
                <Text c="red.8" size="sm" role="alert">
                  {fieldError(create.error, 'victims')}
                </Text>
              )}
            </Stack>
          </Card>
          <Card withBorder padding="md">
            <Title order={2} fz="h4" mb="xs">
              {t('legal.newPage.suspect')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('legal.newPage.suspectName')}
                value={suspectName}
                onChange={(e) => setSuspectName(e.currentTarget.value)}
                error={fieldError(create.error, 'suspects.0.person.identity.fullName')}
                autoComplete="off"
                data-testid="suspect-name"
              />
              <HtcdsSelect
                field="prs_Gender"
                label={t('legal.newPage.suspectSex')}
                value={suspectSex}
                onChange={setSuspectSex}
              />
              <EnumMultiSelect
                label={t('legal.page.rolesInProcess')}
                values={htcds.per_RoleInProcess}
                prefix="htcds.per_RoleInProcess"
                value={suspectRoles}
                onChange={setSuspectRoles}
                error={fieldError(create.error, 'suspects.0.rolesInProcess')}
              />
              <Group grow align="flex-end">
                <EnumSelect
                  label={t('legal.newPage.chargeLaw')}
                  values={chargeLaws}
                  prefix="legal.chargeLaws"
                  value={chargeLaw}
                  onChange={setChargeLaw}
                />
                <TextInput
                  label={t('legal.newPage.charge')}
                  value={article}
                  onChange={(e) => setArticle(e.currentTarget.value)}
                  placeholder="Pasal 2 ayat (1)"
                  data-testid="charge-article"
                />
              </Group>
            </SimpleGrid>
          </Card>
          <Group>
            <Button type="submit" loading={create.isPending} data-testid="proceeding-submit">
              {t('legal.newPage.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
