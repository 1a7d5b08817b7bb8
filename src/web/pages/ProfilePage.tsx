import { Alert, Button, Card, Group, PasswordInput, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/auth.js';
import type { Locale, StageResponse, TimeZone } from '../api.js';
import { useAuth, useMe } from '../auth.js';
import { applyLanguage } from '../i18n/index.js';
import { ConfirmDialog } from '../ui/dialogs.js';
import { SubmitRow } from '../ui/FormActions.js';
import { timeZones } from '../ui/format.js';
import { ProblemAlert } from '../ui/ProblemAlert.js';
import { required, useApiForm } from '../ui/useApiForm.js';
import { usePageTitle } from '../ui/usePageTitle.js';
import { CodeForm, EnrolmentDetails, PasswordChangeForm } from './LoginPage.js';

/** The user's own settings: preferences, password, authenticator, sessions. */
export function ProfilePage() {
  const { t } = useTranslation();
  const me = useMe();
  usePageTitle('profile.title');
  return (
    <Stack maw={720}>
      <Title order={1}>{t('profile.title')}</Title>
      <Text c="gray.7">
        {me.displayName} · {me.username} · {me.agency.name}
      </Text>
      <Preferences />
      <PasswordSection />
      <TotpSection />
      <SessionsSection />
    </Stack>
  );
}

function Preferences() {
  const { t } = useTranslation();
  const me = useMe();
  const { setMe } = useAuth();
  const {
    form,
    mutation: save,
    submit,
    bind,
  } = useApiForm({
    initialValues: { locale: me.locale as Locale, timeZone: me.timeZone as TimeZone },
    send: (v) => authApi.updatePreferences(v),
    onSuccess: async (next, v) => {
      setMe({ ...me, ...next });
      await applyLanguage(next.locale ?? v.locale);
    },
  });
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="prefs-heading">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} fz="h3" id="prefs-heading">
            {t('profile.preferences')}
          </Title>
          <ProblemAlert error={save.error} fields={['locale', 'timeZone']} />
          {save.isSuccess && (
            <Alert color="green" variant="light" role="status">
              {t('profile.preferencesSaved')}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('users.language')}
              allowDeselect={false}
              data={[
                { value: 'id', label: t('language.id') },
                { value: 'en', label: t('language.en') },
              ]}
              {...bind('locale')}
              onChange={(v) => v && form.setFieldValue('locale', v as Locale)}
              data-testid="profile-locale"
            />
            <Select
              label={t('users.timeZone')}
              allowDeselect={false}
              data={timeZones.map((z) => ({ value: z, label: t(`timeZone.${z}`) }))}
              {...bind('timeZone')}
              onChange={(v) => v && form.setFieldValue('timeZone', v as TimeZone)}
              data-testid="profile-time-zone"
            />
          </SimpleGrid>
          <SubmitRow start pending={save.isPending} testId="profile-save" label={t('common.save')} />
        </Stack>
      </form>
    </Card>
  );
}

function PasswordSection() {
  const { t } = useTranslation();
  const { acceptStage } = useAuth();
  const [done, setDone] = useState(false);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="password-heading">
      <Stack>
        <Title order={2} fz="h3" id="password-heading">
          {t('profile.password')}
        </Title>
        {done && (
          <Alert color="green" variant="light" role="status" data-testid="password-changed">
            {t('profile.passwordChanged')}
          </Alert>
        )}
        <PasswordChangeForm
          submitLabel={t('profile.changePassword')}
          onChanged={(response: StageResponse) => {
            setDone(true);
            acceptStage(response);
          }}
        />
      </Stack>
    </Card>
  );
}

/**
 * Setting up an authenticator from a full session asks for the password first (the server refuses without it):
 * a stolen session must not be able to bind the thief's authenticator to the account.
 */
function TotpSection() {
  const { t } = useTranslation();
  const me = useMe();
  const { acceptStage } = useAuth();
  const [done, setDone] = useState(false);
  const {
    form,
    mutation: enrol,
    submit,
  } = useApiForm({
    initialValues: { password: '' },
    validate: { password: required },
    send: (v) => authApi.enrolTotp(v),
  });
  const enrolment = enrol.data;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="totp-heading">
      <Stack>
        <Title order={2} fz="h3" id="totp-heading">
          {t('profile.totp')}
        </Title>
        {me.totpEnabled ? (
          <Alert color="green" variant="light" role="status">
            {done ? t('profile.totpEnrolled') : t('profile.totpOn')}
          </Alert>
        ) : (
          <>
            <Text>{t('profile.totpOff')}</Text>
            {!enrolment && (
              <form aria-label={t('profile.totpStart')} onSubmit={submit} noValidate>
                <Stack gap="xs">
                  <PasswordInput
                    label={t('profile.totpPassword')}
                    description={t('profile.totpPasswordHint')}
                    {...form.getInputProps('password')}
                    autoComplete="current-password"
                    required
                    // PasswordInput does not mark its inner input itself (WCAG 3.3.1: the field says it is wrong).
                    aria-invalid={Boolean(form.errors.password)}
                    data-testid="profile-totp-password"
                  />
                  <SubmitRow
                    start
                    pending={enrol.isPending}
                    testId="profile-totp-start"
                    label={t('profile.totpStart')}
                  />
                </Stack>
              </form>
            )}
            <ProblemAlert error={enrol.error} fields={['password']} />
            {enrolment && (
              <>
                <EnrolmentDetails enrolment={enrolment} />
                <CodeForm
                  submitLabel={t('login.enroll.submit')}
                  onVerified={(response) => {
                    setDone(true);
                    acceptStage({ ...response, me: { ...response.me, totpEnabled: true } });
                  }}
                />
              </>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}

function SessionsSection() {
  const { t } = useTranslation();
  const { forget } = useAuth();
  const [confirming, setConfirming] = useState(false);
  const logoutAll = useMutation({
    mutationFn: authApi.logoutAll,
    onSuccess: () => forget(false),
  });
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="sessions-heading">
      <Stack>
        <Title order={2} fz="h3" id="sessions-heading">
          {t('profile.sessions')}
        </Title>
        <Text>{t('profile.logoutAllIntro')}</Text>
        <Group>
          <Button
            color="red"
            variant="light"
            onClick={() => {
              logoutAll.reset();
              setConfirming(true);
            }}
            data-testid="logout-all"
          >
            {t('profile.logoutAll')}
          </Button>
        </Group>
      </Stack>
      <ConfirmDialog
        opened={confirming}
        title={t('profile.logoutAll')}
        message={t('profile.logoutAllConfirm')}
        confirmLabel={t('profile.logoutAll')}
        danger
        loading={logoutAll.isPending}
        error={logoutAll.error}
        onConfirm={() => logoutAll.mutate()}
        onClose={() => setConfirming(false)}
      />
    </Card>
  );
}
