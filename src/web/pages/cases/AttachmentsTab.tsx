import {
  Anchor,
  Badge,
  Card,
  FileInput,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi, useCaseAttachments } from '../../api/cases.js';
import { useAuth, useMe } from '../../auth.js';
import { saveBlob } from '../../ui/binary.js';
import { SubmitRow } from '../../ui/FormActions.js';
import { formatDateTime } from '../../ui/format.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { CaptionedTable } from '../../ui/ScrollTable.js';
import { required, useApiForm } from '../../ui/useApiForm.js';
import { EnumSelect } from './fields.js';
import { type Attachment, attachmentKinds, type CaseDetail } from './model.js';
import { useCaseRefresh } from './useCase.js';

function size(bytes: number, language: string): string {
  const format = new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${format.format(bytes)} B`;
  if (bytes < 1024 * 1024) return `${format.format(bytes / 1024)} KB`;
  return `${format.format(bytes / 1024 / 1024)} MB`;
}

/** Encrypted attachments: upload (PDF or image, checked by content on the server), list, download (audited). */
export function AttachmentsTab({ kase }: { kase: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { can } = useAuth();
  const refresh = useCaseRefresh(kase.id);
  const list = useCaseAttachments(kase.id);
  const {
    form,
    mutation: upload,
    submit,
    bind,
  } = useApiForm({
    // Nothing is sent without a file (the button waits for one); what the file is, the server judges by its bytes.
    initialValues: { file: null as File | null, kind: 'document' as string | null },
    send: (v) => {
      const body = new FormData();
      // The kind goes first: the server reads the fields that precede the file.
      body.append('kind', v.kind ?? 'document');
      if (v.file) body.append('file', v.file, v.file.name);
      return casesApi.upload(kase.id, body);
    },
    onSuccess: async () => {
      form.setFieldValue('file', null);
      await refresh();
    },
  });
  const { file } = form.getValues();
  const manage = can('cases.update') && kase.stage !== 'closed';
  return (
    <Stack>
      <Title order={2} fz="h3">
        {t('cases.attachments.title')}
      </Title>
      {manage && (
        <Card withBorder padding="md" component="form" noValidate onSubmit={submit} data-testid="attachment-form">
          <Stack gap="sm">
            <ProblemAlert error={upload.error} fields={['file', 'kind']} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <FileInput
                label={t('cases.attachments.file')}
                description={t('cases.attachments.fileHint')}
                required
                clearable
                clearButtonProps={{ 'aria-label': t('cases.attachments.clearFile') }}
                accept="application/pdf,image/jpeg,image/png,image/webp"
                {...bind('file')}
                data-testid="attachment-file"
              />
              <EnumSelect
                label={t('cases.attachments.kind')}
                values={attachmentKinds}
                prefix="cases.attachments.kinds"
                required
                {...bind('kind')}
                testId="attachment-kind"
              />
            </SimpleGrid>
            <SubmitRow
              pending={upload.isPending}
              disabled={!file}
              testId="attachment-submit"
              label={t('cases.attachments.upload')}
            />
          </Stack>
        </Card>
      )}
      <ProblemAlert error={list.error} />
      {list.data && list.data.length === 0 ? (
        <Text c="gray.7">{t('cases.attachments.none')}</Text>
      ) : (
        <CaptionedTable
          minWidth={640}
          label={t('cases.attachments.title')}
          striped
          verticalSpacing="xs"
          data-testid="attachments-table"
          columns={[
            t('cases.attachments.filename'),
            t('cases.attachments.kind'),
            t('cases.attachments.size'),
            t('cases.attachments.uploadedAt'),
          ]}
        >
          {(list.data ?? []).map((a) => (
            <Table.Tr key={a.id} data-testid="attachment-row">
              <Table.Td>
                {a.identifying ? (
                  <IdentifyingDownload attachment={a} />
                ) : (
                  <Anchor
                    href={casesApi.attachmentFile(a.id)}
                    download={a.filename}
                    aria-label={t('cases.attachments.download', { filename: a.filename })}
                    data-testid="attachment-download"
                  >
                    {a.filename}
                  </Anchor>
                )}
              </Table.Td>
              <Table.Td>{t(`cases.attachments.kinds.${a.kind}`, { defaultValue: a.kind })}</Table.Td>
              <Table.Td>{size(a.sizeBytes, i18n.language)}</Table.Td>
              <Table.Td>{formatDateTime(a.createdAt, me.timeZone, i18n.language)}</Table.Td>
            </Table.Tr>
          ))}
        </CaptionedTable>
      )}
    </Stack>
  );
}

/** A file that identifies the victim: downloaded only with a stated purpose (an audited identity reveal). */
function IdentifyingDownload({ attachment }: { attachment: Attachment }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const {
    form,
    mutation: download,
    submit,
  } = useApiForm({
    initialValues: { purpose: '' },
    validate: { purpose: required },
    send: (v) => casesApi.downloadWithPurpose(attachment.id, { purpose: v.purpose.trim() }),
    onSuccess: (blob) => {
      saveBlob(blob, attachment.filename);
      close();
    },
  });
  function close() {
    setOpened(false);
    form.reset();
    download.reset();
  }
  return (
    <>
      <Group gap="xs" wrap="nowrap">
        <Anchor
          component="button"
          type="button"
          onClick={() => setOpened(true)}
          aria-label={t('cases.attachments.download', { filename: attachment.filename })}
          data-testid="attachment-download"
        >
          {attachment.filename}
        </Anchor>
        <Badge color="red" variant="light" title={t('cases.attachments.identifyingHint')}>
          {t('cases.attachments.identifying')}
        </Badge>
      </Group>
      <Modal
        opened={opened}
        onClose={close}
        title={t('cases.attachments.purposeTitle')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        centered
      >
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">{t('cases.attachments.identifyingHint')}</Text>
            <ProblemAlert error={download.error} fields={['purpose']} />
            <Textarea
              label={t('cases.attachments.purpose')}
              description={t('cases.attachments.purposeHint')}
              required
              {...form.getInputProps('purpose')}
              data-testid="attachment-purpose"
            />
            <SubmitRow
              pending={download.isPending}
              testId="attachment-purpose-submit"
              label={t('cases.attachments.purposeSubmit')}
            />
          </Stack>
        </form>
      </Modal>
    </>
  );
}
