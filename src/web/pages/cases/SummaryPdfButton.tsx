import { Button, Checkbox, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi } from '../../api/cases.js';
import { useAuth } from '../../auth.js';
import { saveBlob } from '../../ui/binary.js';
import { FormActions } from '../../ui/FormActions.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { useApiForm } from '../../ui/useApiForm.js';
import { type CaseDetail, identityFields } from './model.js';

/** The PDF case summary; identity fields only when asked for, with a purpose (audited on the server). */
export function SummaryPdfButton({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [opened, setOpened] = useState(false);
  const mayReveal = can('persons.identity.reveal');
  const {
    form,
    mutation: download,
    submit,
  } = useApiForm({
    initialValues: { identityFields: [] as string[], purpose: '' },
    send: (v) =>
      casesApi.summaryPdf(kase.id, {
        identityFields: v.identityFields.length > 0 ? v.identityFields : undefined,
        // The server asks for a purpose whenever identity fields are named.
        purpose: v.purpose.trim() || undefined,
      }),
    onSuccess: (blob) => {
      saveBlob(blob, `${t('cases.pdf.filename')}-${kase.caseNumber.replace(/[^A-Za-z0-9-]+/g, '-')}.pdf`);
      close();
    },
  });
  const naming = form.getValues().identityFields.length > 0;

  function close() {
    setOpened(false);
    form.reset();
    download.reset();
  }

  return (
    <>
      <Button variant="default" onClick={() => setOpened(true)} data-testid="summary-pdf-open">
        {t('cases.pdf.button')}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={t('cases.pdf.title')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        centered
      >
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">{t('cases.pdf.intro')}</Text>
            <ProblemAlert error={download.error} fields={['identityFields', 'purpose']} />
            {mayReveal && (
              <Checkbox.Group
                label={t('cases.pdf.identityFields')}
                description={t('cases.pdf.identityHint')}
                {...form.getInputProps('identityFields')}
              >
                <Stack gap={6} mt={6}>
                  {identityFields.map((f) => (
                    <Checkbox
                      key={f}
                      value={f}
                      label={t(`cases.identity.${f}`)}
                      data-testid={`summary-pdf-field-${f}`}
                    />
                  ))}
                </Stack>
              </Checkbox.Group>
            )}
            {naming && (
              <Textarea
                label={t('cases.reveal.purpose')}
                description={t('cases.reveal.purposeHint')}
                required
                autosize
                minRows={2}
                {...form.getInputProps('purpose')}
                data-testid="summary-pdf-purpose"
              />
            )}
            <FormActions
              onCancel={close}
              pending={download.isPending}
              submitLabel={t('cases.pdf.download')}
              testId="summary-pdf-download"
            />
          </Stack>
        </form>
      </Modal>
    </>
  );
}
