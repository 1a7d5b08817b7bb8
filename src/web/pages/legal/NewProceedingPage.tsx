import { Card, Checkbox, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { legalApi, legalKeys } from '../../api/legal.js';
import { useMe } from '../../auth.js';
import { SubmitRow } from '../../ui/FormActions.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { useApiForm } from '../../ui/useApiForm.js';
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
  const { form, mutation, submit, bind } = useApiForm({
    initialValues: {
      reportNumber: '',
      policeUnit: me.agency.name,
      reportedOn: todayIn(me.timeZone),
      law: 'ptppo' as string | null,
      exploitation: null as string | null,
      victims: {} as Record<string, string>,
      suspectName: '',
      suspectSex: null as string | null,
      suspectRoles: ['RecruiterOrIntermediary'] as string[],
      chargeLaw: 'uu_21_2007' as string | null,
      article: '',
    },
    send: (v) => {
      const suspectName = v.suspectName.trim();
      const article = v.article.trim();
      return legalApi.createProceeding({
        reportNumber: v.reportNumber.trim(),
        policeUnit: v.policeUnit.trim(),
        reportedOn: v.reportedOn,
        law: v.law,
        exploitationType: v.exploitation ?? undefined,
        victims: Object.entries(v.victims).map(([caseId, role]) => ({ caseId, role })),
        suspects: suspectName
          ? [
              {
                person: { sex: v.suspectSex ?? undefined, identity: { fullName: suspectName } },
                rolesInProcess: v.suspectRoles,
              },
            ]
          : [],
        charges: article && v.chargeLaw ? [{ law: v.chargeLaw, article }] : [],
      });
    },
    onSuccess: (p) => navigate(`/legal/proceedings/${p.id}`),
    // The server names the suspect's fields by their path in the body.
    fieldOf: {
      'suspects.0.person.identity.fullName': 'suspectName',
      'suspects.0.rolesInProcess': 'suspectRoles',
    },
  });
  const victims = form.getValues().victims;
  const setVictims = (next: Record<string, string>) => form.setFieldValue('victims', next);
  const victimsError = form.errors.victims as string | undefined;
  return (
    <Stack>
      <Title order={1}>{t('legal.newPage.title')}</Title>
      <Text size="sm" c="gray.7">
        {t('legal.newPage.intro')}
      </Text>
      <form onSubmit={submit} aria-label={t('legal.newPage.title')}>
        <Stack>
          <ProblemAlert
            error={mutation.error ?? shared.error}
            fields={['reportNumber', 'policeUnit', 'reportedOn', 'law']}
          />
          <Card withBorder padding="md">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('legal.reportNumber')}
                {...form.getInputProps('reportNumber')}
                required
                data-testid="proceeding-report-number"
              />
              <TextInput label={t('legal.policeUnit')} {...form.getInputProps('policeUnit')} required />
              <TextInput
                type="date"
                label={t('legal.reportedOn')}
                {...form.getInputProps('reportedOn')}
                required
                data-testid="proceeding-reported-on"
              />
              <EnumSelect label={t('legal.law')} values={governingLaws} prefix="legal.laws" {...bind('law')} required />
              <HtcdsSelect
                field="vic_TypeOfExploitation"
                label={t('legal.exploitationType')}
                value={form.getValues().exploitation}
                onChange={(value) => form.setFieldValue('exploitation', value)}
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
              {victimsError && (
                <Text c="red.8" size="sm" role="alert">
                  {victimsError}
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
                {...form.getInputProps('suspectName')}
                autoComplete="off"
                data-testid="suspect-name"
              />
              <HtcdsSelect
                field="prs_Gender"
                label={t('legal.newPage.suspectSex')}
                value={form.getValues().suspectSex}
                onChange={(value) => form.setFieldValue('suspectSex', value)}
              />
              <EnumMultiSelect
                label={t('legal.page.rolesInProcess')}
                values={htcds.per_RoleInProcess}
                prefix="htcds.per_RoleInProcess"
                {...bind('suspectRoles')}
              />
              <Group grow align="flex-end">
                <EnumSelect
                  label={t('legal.newPage.chargeLaw')}
                  values={chargeLaws}
                  prefix="legal.chargeLaws"
                  value={form.getValues().chargeLaw}
                  onChange={(value) => form.setFieldValue('chargeLaw', value)}
                />
                <TextInput
                  label={t('legal.newPage.charge')}
                  {...form.getInputProps('article')}
                  placeholder="Pasal 2 ayat (1)"
                  data-testid="charge-article"
                />
              </Group>
            </SimpleGrid>
          </Card>
          <SubmitRow start pending={mutation.isPending} testId="proceeding-submit" label={t('legal.newPage.submit')} />
        </Stack>
      </form>
    </Stack>
  );
}
