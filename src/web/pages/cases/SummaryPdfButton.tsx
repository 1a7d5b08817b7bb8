import { Button, Checkbox, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi } from '../../api/cases.js';
import { useAuth } from '../../auth.js';
import { saveBlob } from '../../ui/binary.js';
import { fieldError, ProblemAlert } from '../../ui/ProblemAlert.js';
import { type CaseDetail, identityFields } from './model.js';

/** The PDF case summary; identity fields only when asked for, with a purpose (audited on the server). */
export function SummaryPdfButton({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [opened, setOpened] = useState(false);
  const [fields, setFields] = useState<string[]>([]);
  const [purpose, setPurpose] = useState('');
  const mayReveal = can('persons.identity.reveal');
  const download = useMutation({
    mutationFn: () =>
      casesApi.summaryPdf(kase.id, {
        ...(fields.length > 0 ? { identityFields: fields } : {}),
        ...(purpose.trim() ? { purpose: purpose.trim() } : {}),
      }),
    onSuccess: (blob) => {
      saveBlob(blob, `${t('cases.pdf.filename')}-${kase.caseNumber.replace(/[^A-Za-z0-9-]+/g, '-')}.pdf`);
      close();
    },
  });
  const error = download.error;

  function close() {
    setOpened(false);
    setFields([]);
    setPurpose('');
    download.reset();
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    download.mutate();
  };

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
            <ProblemAlert error={error} fields={['identityFields', 'purpose']} />
            {mayReveal && (
              <Checkbox.Group
                label={t('cases.pdf.identityFields')}
                description={t('cases.pdf.identityHint')}
                value={fields}
                onChange={setFields}
                error={fieldError(error, 'identityFields')}
              >
                <Stack gap={6} mt={6}>
                  {identityFields.map((f) => (
                    <Checkbox key={f} value={f} label={t(`cases.identity.${f}`)} />
                  ))}
                </Stack>
              </Checkbox.Group>
            )}
            {fields.length > 0 && (
              <Textarea
                label={t('cases.reveal.purpose')}
                description={t('cases.reveal.purposeHint')}
                required
                autosize
                minRows={2}
                value={purpose}
                onChange={(e) => setPurpose(e.currentTarget.value)}
                error={fieldError(error, 'purpose')}
              />
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={download.isPending} data-testid="summary-pdf-download">
                {t('cases.pdf.download')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
