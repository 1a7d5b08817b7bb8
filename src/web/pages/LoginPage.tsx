import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Code,
  Group,
  Image,
  Loader,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/auth.js';
import type { StageResponse, TotpEnrolment } from '../api.js';
import { useAuth } from '../auth.js';
import { LanguageSwitch } from '../ui/LanguageSwitch.js';
import { ProblemAlert } from '../ui/ProblemAlert.js';
import { useApiForm } from '../ui/useApiForm.js';
import { usePageTitle } from '../ui/usePageTitle.js';

/** Login and the steps that may follow it: TOTP, TOTP enrolment, forced password change. */
export function LoginPage() {
  const { t } = useTranslation();
  const { status, me, sessionEnded, logout } = useAuth();
  const stage = status === 'pending' ? me?.stage : undefined;
  const titleKey =
    stage === 'totp'
      ? 'login.totp.title'
      : stage === 'totp_enroll'
        ? 'login.enroll.title'
        : stage === 'password_change'
          ? 'login.passwordChange.title'
          : 'login.title';
  usePageTitle(titleKey);

  return (
    <Box mih="100vh" bg="gray.0">
      <Group component="header" justify="space-between" p="md">
        <Text fw={700} fz="lg" c="blue.9">
          {t('app.name')}
        </Text>
        <LanguageSwitch />
      </Group>
      <Center component="main" px="md" pb="xl">
        <Paper
          withBorder
          shadow="sm"
          p="xl"
          radius="md"
          w="100%"
          maw={460}
          data-testid="login-card"
          data-stage={stage ?? 'credentials'}
        >
          <Stack>
            <div>
              <Title order={1} fz="h2">
                {t(titleKey)}
              </Title>
              <Text c="gray.7" size="sm">
                {t('app.tagline')}
              </Text>
            </div>
            {sessionEnded && !stage && (
              <Alert color="yellow" variant="light" title={t('login.sessionEnded.title')} data-testid="session-ended">
                {t('login.sessionEnded.detail')}
              </Alert>
            )}
            {stage === 'totp' && <TotpStep />}
            {stage === 'totp_enroll' && <TotpEnrollStep />}
            {stage === 'password_change' && <PasswordChangeStep />}
            {!stage && <CredentialsStep />}
            {stage && (
              <Anchor component="button" type="button" size="sm" onClick={() => void logout()}>
                {t('login.cancel')}
              </Anchor>
            )}
          </Stack>
        </Paper>
      </Center>
    </Box>
  );
}

function CredentialsStep() {
  const { t } = useTranslation();
  const { acceptStage } = useAuth();
  // No rule of its own: the server judges the credentials and names a field it refuses.
  const {
    form,
    mutation: login,
    submit,
  } = useApiForm({
    initialValues: { username: '', password: '' },
    send: authApi.login,
    onSuccess: acceptStage,
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ProblemAlert error={login.error} fields={['username', 'password']} />
        <TextInput
          label={t('login.username')}
          name="username"
          autoComplete="username"
          required
          {...form.getInputProps('username')}
          data-testid="login-username"
        />
        <PasswordInput
          label={t('login.password')}
          name="password"
          autoComplete="current-password"
          required
          {...form.getInputProps('password')}
          aria-invalid={Boolean(form.errors.password)}
          data-testid="login-password"
        />
        <Button type="submit" loading={login.isPending || login.isSuccess} data-testid="login-submit">
          {t('login.submit')}
        </Button>
      </Stack>
    </form>
  );
}

/** The 6-digit code input shared by login and enrolment. */
export function CodeForm({ onVerified, submitLabel }: { onVerified: (r: StageResponse) => void; submitLabel: string }) {
  const { t } = useTranslation();
  const {
    form,
    mutation: verify,
    submit,
  } = useApiForm({
    initialValues: { code: '' },
    send: authApi.verifyTotp,
    onSuccess: onVerified,
    // A refused code is spent: the field empties for the next one (the server's message stays on it).
    onError: () => form.setFieldValue('code', ''),
  });
  const code = form.getValues().code;

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ProblemAlert error={verify.error} fields={['code']} />
        <TextInput
          label={t('login.totp.code')}
          description={t('login.totp.codeHint')}
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          required
          {...form.getInputProps('code')}
          onChange={(e) => form.setFieldValue('code', e.currentTarget.value.replace(/\D/g, ''))}
          data-testid="totp-code"
        />
        <Button type="submit" loading={verify.isPending} disabled={code.length !== 6} data-testid="totp-submit">
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}

function TotpStep() {
  const { t } = useTranslation();
  const { acceptStage } = useAuth();
  return (
    <Stack>
      <Text>{t('login.totp.intro')}</Text>
      <CodeForm onVerified={acceptStage} submitLabel={t('login.totp.submit')} />
    </Stack>
  );
}

/** Shows the QR code and the secret for manual entry; used at login and on the profile page. */
export function EnrolmentDetails({ enrolment }: { enrolment: TotpEnrolment }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Text>{t('login.enroll.scan')}</Text>
      <Center>
        <Image src={enrolment.qrDataUrl} alt={t('login.enroll.qrAlt')} w={200} h={200} fit="contain" />
      </Center>
      <Text size="sm">{t('login.enroll.manual')}</Text>
      <Code
        block
        fz="md"
        data-testid="totp-secret"
        aria-label={t('login.enroll.secretLabel')}
        style={{ wordBreak: 'break-all', userSelect: 'all' }}
      >
        {enrolment.secret}
      </Code>
    </Stack>
  );
}

/** Starts an enrolment once and keeps its answer (a second call would issue a new secret). */
export function useEnrolment(start: boolean) {
  const { mutate, data, error } = useMutation({ mutationFn: authApi.enrolTotpAtLogin });
  const started = useRef(false);
  useEffect(() => {
    if (!start || started.current) return;
    started.current = true;
    mutate();
  }, [start, mutate]);
  return { enrolment: data ?? null, error };
}

function TotpEnrollStep() {
  const { t } = useTranslation();
  const { acceptStage } = useAuth();
  const { enrolment, error } = useEnrolment(true);
  return (
    <Stack>
      <Text>{t('login.enroll.intro')}</Text>
      <ProblemAlert error={error} />
      {!enrolment && !error && <Loader aria-label={t('common.loading')} />}
      {enrolment && (
        <>
          <EnrolmentDetails enrolment={enrolment} />
          <CodeForm onVerified={acceptStage} submitLabel={t('login.enroll.submit')} />
        </>
      )}
    </Stack>
  );
}

/** Current + new + confirmation; the server judges strength and answers per field. */
export function PasswordChangeForm({
  onChanged,
  submitLabel,
}: {
  onChanged: (r: StageResponse) => void;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const {
    form,
    mutation: change,
    submit,
  } = useApiForm({
    initialValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
    // Only the confirmation is checked here; the server judges the password (and says which field it refuses).
    validate: { confirmPassword: (value, values) => (value === values.newPassword ? null : t('password.mismatch')) },
    send: ({ currentPassword, newPassword }) => authApi.changePassword({ currentPassword, newPassword }),
    onSuccess: (response) => {
      form.reset();
      onChanged(response);
    },
  });
  const errors = form.errors;

  return (
    <form
      onSubmit={(event) => {
        // A new attempt: the last refusal no longer stands, even when the confirmation stops it here.
        change.reset();
        submit(event);
      }}
      noValidate
    >
      <Stack>
        <ProblemAlert error={change.error} fields={['currentPassword', 'newPassword']} />
        <PasswordInput
          label={t('password.current')}
          name="currentPassword"
          autoComplete="current-password"
          required
          {...form.getInputProps('currentPassword')}
          aria-invalid={Boolean(errors.currentPassword)}
          data-testid="password-current"
        />
        <PasswordInput
          label={t('password.new')}
          description={t('password.hint')}
          name="newPassword"
          autoComplete="new-password"
          required
          {...form.getInputProps('newPassword')}
          aria-invalid={Boolean(errors.newPassword)}
          data-testid="password-new"
        />
        <PasswordInput
          label={t('password.confirm')}
          name="confirmPassword"
          autoComplete="new-password"
          required
          {...form.getInputProps('confirmPassword')}
          aria-invalid={Boolean(errors.confirmPassword)}
          data-testid="password-confirm"
        />
        <Button type="submit" loading={change.isPending} data-testid="password-submit">
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}

function PasswordChangeStep() {
  const { t } = useTranslation();
  const { acceptStage } = useAuth();
  return (
    <Stack>
      <Text>{t('login.passwordChange.intro')}</Text>
      <PasswordChangeForm onChanged={acceptStage} submitLabel={t('login.passwordChange.submit')} />
    </Stack>
  );
}
