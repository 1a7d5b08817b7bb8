import { Anchor, Button, Checkbox, Group, SimpleGrid, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { legalApi, legalKeys } from '../../api/legal.js';
import { useAuth } from '../../auth.js';
import { AgencyPicker } from '../../ui/AgencyPicker.js';
import { SubmitRow } from '../../ui/FormActions.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { ScrollTable } from '../../ui/ScrollTable.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { EnumSelect, formatDate } from '../cases/fields.js';
import type { CaseDetail } from '../cases/model.js';
import { TabHeading } from '../cases/TabHeading.js';
import { LegalForm } from './LegalForm.js';
import { MeasureTable } from './LegalPage.js';
import { childChecklistItems, protectionTypes, threatLevels } from './model.js';

/** The case's legal data: its proceedings (to their pages) and protection measures, with a protection request. */
export function LegalTab({ kase }: { kase: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const [requesting, setRequesting] = useState(false);
  const legal = useQuery({
    queryKey: legalKeys.ofCase(kase.id),
    queryFn: () => legalApi.ofCase(kase.id),
  });
  const mayRequest = can('cases.update') && kase.stage !== 'closed';
  return (
    <Stack>
      <TabHeading
        title={t('legal.caseTab.title')}
        action={
          mayRequest && !requesting
            ? { label: t('legal.protection.request'), onClick: () => setRequesting(true), testId: 'measure-new' }
            : undefined
        }
      />
      <Text size="sm" c="gray.7">
        {t('legal.caseTab.intro')}
      </Text>
      <ProblemAlert error={legal.error} />
      {requesting && <MeasureForm kase={kase} onDone={() => setRequesting(false)} />}
      <Text fw={600}>{t('legal.proceedings')}</Text>
      {legal.data && legal.data.proceedings.length === 0 ? (
        <Text size="sm" c="gray.7">
          {t('legal.noProceedings')}
        </Text>
      ) : (
        <ScrollTable minWidth={560} label={t('legal.proceedings')}>
          <Table data-testid="case-proceedings">
            <Table.Tbody>
              {legal.data?.proceedings.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/legal/proceedings/${p.id}`} data-testid="case-proceeding-link">
                      {p.reportNumber}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{formatDate(p.reportedOn, i18n.language)}</Table.Td>
                  <Table.Td>{t(`legal.stages.${p.stage}`)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <Text fw={600}>{t('legal.protection.title')}</Text>
      {legal.data && legal.data.measures.length === 0 ? (
        <Text size="sm" c="gray.7">
          {t('legal.protection.none')}
        </Text>
      ) : (
        <MeasureTable measures={legal.data?.measures ?? []} />
      )}
    </Stack>
  );
}

function MeasureForm({ kase, onDone }: { kase: CaseDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { form, mutation, submit, bind } = useApiForm({
    initialValues: {
      type: 'lpsk_physical' as string | null,
      agencyId: null as string | null,
      threatLevel: 'medium' as string | null,
      threatAssessment: '',
      reviewOn: '',
      childChecklist: [] as string[],
    },
    validate: { type: required, agencyId: required, threatLevel: required },
    send: (v) =>
      legalApi.requestMeasure({
        caseId: kase.id,
        type: v.type,
        agencyId: v.agencyId,
        threatLevel: v.threatLevel,
        threatAssessment: v.threatAssessment.trim() || undefined,
        reviewOn: v.reviewOn || undefined,
        childChecklist: kase.isChild && v.childChecklist.length > 0 ? v.childChecklist : undefined,
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: legalKeys.ofCase(kase.id) });
      onDone();
    },
  });
  return (
    <LegalForm
      label={t('legal.protection.request')}
      onSubmit={submit}
      error={mutation.error}
      fields={['type', 'agencyId', 'threatLevel', 'threatAssessment', 'reviewOn']}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <EnumSelect
          label={t('legal.protection.type')}
          values={protectionTypes}
          prefix="legal.protectionTypes"
          required
          {...bind('type')}
          testId="measure-type"
        />
        <AgencyPicker label={t('legal.protection.agency')} required {...bind('agencyId')} testId="measure-agency" />
        <EnumSelect
          label={t('legal.protection.threatLevel')}
          values={threatLevels}
          prefix="legal.threatLevels"
          required
          {...bind('threatLevel')}
        />
        <TextInput type="date" label={t('legal.protection.reviewOn')} {...form.getInputProps('reviewOn')} />
      </SimpleGrid>
      <Textarea
        label={t('legal.protection.threatAssessment')}
        {...form.getInputProps('threatAssessment')}
        autosize
        minRows={2}
        data-testid="measure-assessment"
      />
      {kase.isChild && (
        <Checkbox.Group label={t('legal.protection.childChecklist')} {...bind('childChecklist')}>
          <Group mt="xs">
            {childChecklistItems.map((c) => (
              <Checkbox key={c} value={c} label={t(`legal.checklist.${c}`)} />
            ))}
          </Group>
        </Checkbox.Group>
      )}
      <SubmitRow start pending={mutation.isPending} testId="measure-submit" label={t('legal.protection.request')}>
        <Button variant="default" onClick={onDone}>
          {t('legal.page.cancel')}
        </Button>
      </SubmitRow>
    </LegalForm>
  );
}
