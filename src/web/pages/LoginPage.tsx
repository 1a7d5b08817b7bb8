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
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/auth.js';
import { ApiError, type StageResponse, type TotpEnrolment } from '../api.js';
import { useAuth } from '../auth.js';
import { LanguageSwitch } from '../ui/LanguageSwitch.js';
import { fieldError, ProblemAlert } from '../ui/ProblemAlert.js';
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
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      acceptStage(await authApi.login({ username, password }));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ProblemAlert error={error} fields={['username', 'password']} />
        <TextInput
          label={t('login.username')}
          name="username"
          autoComplete="username"
          required
          value={username}
          onChange={(e) => setUsername(e.currentTarget.value)}
          error={fieldError(error, 'username')}
          data-testid="login-username"
        />
        <PasswordInput
          label={t('login.password')}
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fieldError(error, 'password')}
          aria-invalid={Boolean(fieldError(error, 'password'))}
          data-testid="login-password"
        />
        <Button type="submit" loading={busy} data-testid="login-submit">
          {t('login.submit')}
        </Button>
      </Stack>
    </form>
  );
}

/** The 6-digit code input shared by login and enrolment. */
export function CodeForm({ onVerified, submitLabel }: { onVerified: (r: StageResponse) => void; submitLabel: string }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onVerified(await authApi.verifyTotp({ code }));
    } catch (e) {
      setError(e);
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ProblemAlert error={error} fields={['code']} />
        <TextInput
          label={t('login.totp.code')}
          description={t('login.totp.codeHint')}
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          required
          value={code}
          onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))}
          error={fieldError(error, 'code')}
          data-testid="totp-code"
        />
        <Button type="submit" loading={busy} disabled={code.length !== 6} data-testid="totp-submit">
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
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [error, setError] = useState<unknown>(null);
  const started = useRef(false);
  useEffect(() => {
    if (!start || started.current) return;
    started.current = true;
    authApi.enrolTotpAtLogin().then(setEnrolment).catch(setError);
  }, [start]);
  return { enrolment, error };
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
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (newPassword !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    setBusy(true);
    try {
      const response = await authApi.changePassword({ currentPassword, newPassword });
      setCurrent('');
      setNew('');
      setConfirm('');
      onChanged(response);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const currentError =
    fieldError(error, 'currentPassword') ??
    (error instanceof ApiError && error.code === 'password_wrong' ? error.problem.detail : undefined);

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <ProblemAlert error={error} fields={['currentPassword', 'newPassword']} />
        <PasswordInput
          label={t('password.current')}
          name="currentPassword"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          error={currentError}
          aria-invalid={Boolean(currentError)}
          data-testid="password-current"
        />
        <PasswordInput
          label={t('password.new')}
          description={t('password.hint')}
          name="newPassword"
          autoComplete="new-password"
          required
          value={newPassword}
          onChange={(e) => setNew(e.currentTarget.value)}
          error={fieldError(error, 'newPassword')}
          aria-invalid={Boolean(fieldError(error, 'newPassword'))}
          data-testid="password-new"
        />
        <PasswordInput
          label={t('password.confirm')}
          name="confirmPassword"
          autoComplete="new-password"
          required
          value={confirm}
          onChange={(e) => setConfirm(e.currentTarget.value)}
          error={mismatch ? t('password.mismatch') : undefined}
          aria-invalid={mismatch}
          data-testid="password-confirm"
        />
        <Button type="submit" loading={busy} data-testid="password-submit">
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
