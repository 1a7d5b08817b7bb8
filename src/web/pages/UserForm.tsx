import { MultiSelect, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { usersApi } from '../api/admin.js';
import type { Locale, Role, TimeZone, User, UserInput } from '../api.js';
import { AgencyPicker } from '../ui/AgencyPicker.js';
import { FormDialog } from '../ui/FormDialog.js';
import { timeZones } from '../ui/format.js';
import { picked } from '../ui/formBody.js';
import { required, useApiForm } from '../ui/useApiForm.js';

const userFields = ['username', 'displayName', 'agencyId', 'roles', 'locale', 'timeZone'] as const;

type UserValues = {
  username: string;
  displayName: string;
  agencyId: string | null;
  roles: string[];
  locale: Locale;
  timeZone: TimeZone;
};

const valuesOf = (user: User | null): UserValues => ({
  username: user?.username ?? '',
  displayName: user?.displayName ?? '',
  agencyId: user?.agencyId ?? null,
  roles: user?.roles ?? [],
  locale: user?.locale ?? 'id',
  timeZone: (user?.timeZone as TimeZone | undefined) ?? 'Asia/Jakarta',
});

/** The body; the user name is given once, at creation (it cannot be changed). */
function userBody(v: UserValues, creating: boolean): Partial<UserInput> {
  return {
    ...(creating ? { username: v.username.trim() } : {}),
    displayName: v.displayName.trim(),
    agencyId: picked(v.agencyId),
    roles: v.roles,
    locale: v.locale,
    timeZone: v.timeZone,
  };
}

/** Creates a user (the server answers with a one-time temporary password) or edits one. */
export function UserForm({
  user,
  roles,
  onClose,
  onCreated,
  onUpdated,
}: {
  user: User | null;
  roles: Role[];
  onClose: () => void;
  onCreated: (user: User, temporaryPassword: string) => void;
  onUpdated: (user: User) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const {
    form,
    mutation: save,
    submit,
    bind,
  } = useApiForm({
    initialValues: valuesOf(user),
    validate: {
      username: (value) => (user ? null : required(value)),
      displayName: required,
      agencyId: required,
      roles: required,
    },
    send: async (v) => {
      if (user) return { user: await usersApi.update(user.id, userBody(v, false)), temporaryPassword: '' };
      return usersApi.create(userBody(v, true));
    },
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      if (user) onUpdated(result.user);
      else onCreated(result.user, result.temporaryPassword);
    },
  });

  return (
    <FormDialog
      title={user ? t('users.editTitle', { username: user.username }) : t('users.createTitle')}
      onClose={onClose}
      onSubmit={submit}
      error={save.error}
      fields={userFields}
      pending={save.isPending}
      testId="user-form"
      saveTestId="user-save"
    >
      <TextInput
        label={t('users.username')}
        description={user ? undefined : t('users.usernameHint')}
        required
        disabled={Boolean(user)}
        autoComplete="off"
        {...form.getInputProps('username')}
        data-testid="user-username"
      />
      <TextInput
        label={t('users.displayName')}
        required
        autoComplete="off"
        {...form.getInputProps('displayName')}
        data-testid="user-display-name"
      />
      <AgencyPicker label={t('users.agency')} required {...bind('agencyId')} testId="user-agency" />
      <MultiSelect
        label={t('users.roles')}
        required
        searchable
        data={roles.map((r) => ({ value: r.key, label: t(`role.${r.key}`, { defaultValue: r.key }) }))}
        {...bind('roles')}
        data-testid="user-roles"
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('users.language')}
          required
          allowDeselect={false}
          data={[
            { value: 'id', label: t('language.id') },
            { value: 'en', label: t('language.en') },
          ]}
          {...bind('locale')}
          onChange={(v) => v && form.setFieldValue('locale', v as Locale)}
          data-testid="user-locale"
        />
        <Select
          label={t('users.timeZone')}
          required
          allowDeselect={false}
          data={timeZones.map((z) => ({ value: z, label: t(`timeZone.${z}`) }))}
          {...bind('timeZone')}
          onChange={(v) => v && form.setFieldValue('timeZone', v as TimeZone)}
          data-testid="user-time-zone"
        />
      </SimpleGrid>
    </FormDialog>
  );
}
