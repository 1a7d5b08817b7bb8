import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldError, ProblemAlert } from './ProblemAlert.js';

interface ConfirmProps {
  opened: boolean;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  loading?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onClose: () => void;
}

/** Asks before an action that changes someone's access. */
export function ConfirmDialog(props: ConfirmProps) {
  const { t } = useTranslation();
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('common.close') }}
      opened={props.opened}
      onClose={props.onClose}
      title={props.title}
      centered
    >
      <Stack>
        <Text>{props.message}</Text>
        <ProblemAlert error={props.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            color={props.danger ? 'red' : 'blue'}
            loading={props.loading}
            onClick={props.onConfirm}
            data-testid="confirm-action"
          >
            {props.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

interface SecretProps {
  opened: boolean;
  title: string;
  username: string;
  password: string;
  onClose: () => void;
}

/** Shows a temporary password exactly once, with a copy button and what the user must do with it. */
export function TemporaryPasswordDialog({ opened, title, username, password, onClose }: SecretProps) {
  const { t } = useTranslation();
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('common.close') }}
      opened={opened}
      onClose={onClose}
      title={title}
      centered
      closeOnClickOutside={false}
    >
      <Stack>
        <Text>{t('users.tempPassword.intro', { username })}</Text>
        <Group gap="sm" wrap="nowrap">
          <Code
            fz="lg"
            p="sm"
            data-testid="temporary-password"
            aria-label={t('users.tempPassword.label')}
            style={{ userSelect: 'all', wordBreak: 'break-all' }}
          >
            {password}
          </Code>
          <CopyButton value={password}>
            {({ copied, copy }) => (
              <Button variant={copied ? 'filled' : 'light'} color={copied ? 'teal' : 'blue'} onClick={copy}>
                {copied ? t('common.copied') : t('common.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Alert color="yellow" variant="light">
          {t('users.tempPassword.note')}
        </Alert>
        <Group justify="flex-end">
          <Button onClick={onClose} data-testid="temporary-password-done">
            {t('common.done')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

interface ReasonProps {
  title: string;
  message?: ReactNode;
  reasonLabel: string;
  confirmLabel: string;
  danger?: boolean;
  loading?: boolean;
  error?: unknown;
  testId: string;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}

/** Asks for the reason before an action that others will read (decline, revoke, withdraw). */
export function ReasonDialog(props: ReasonProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={props.title}
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack
        component="form"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          props.onConfirm(reason.trim());
        }}
      >
        {props.message && <Text size="sm">{props.message}</Text>}
        <ProblemAlert error={props.error} fields={['reason']} />
        <Textarea
          label={props.reasonLabel}
          required
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldError(props.error, 'reason')}
          data-testid={`${props.testId}-reason`}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            type="submit"
            color={props.danger ? 'red' : 'blue'}
            loading={props.loading}
            data-testid={`${props.testId}-confirm`}
          >
            {props.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
