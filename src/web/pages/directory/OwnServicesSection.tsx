import { Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type DirectoryService, useAgencyServices, useRemoveService } from '../../api/directory.js';
import { useMe } from '../../auth.js';
import { ConfirmDialog } from '../../ui/dialogs.js';
import { ProblemAlert } from '../../ui/ProblemAlert.js';
import { SavedNotice } from '../../ui/SavedNotice.js';
import { serviceTypes } from '../cases/model.js';
import { ServiceCard } from './ServiceCard.js';
import { ServiceForm } from './ServiceForm.js';

/** The services the user's own agency publishes in the directory: add, edit (upsert) and withdraw. */
export function OwnServicesSection() {
  const { t } = useTranslation();
  const me = useMe();
  const [editing, setEditing] = useState<DirectoryService | 'new' | null>(null);
  const [removing, setRemoving] = useState<DirectoryService | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const own = useAgencyServices(me.agency.id);
  const items = own.data?.items ?? [];
  const typeLabel = (type: string) => t(`cases.services.types.${type}`, { defaultValue: type });

  const remove = useRemoveService(me.agency.id, (service) => {
    setRemoving(null);
    setSaved(t('directory.own.removed', { type: typeLabel(service.serviceType) }));
  });

  return (
    <Stack gap="sm" component="section" aria-labelledby="directory-own-heading" data-testid="directory-own">
      <Group justify="space-between" mt="lg">
        <Stack gap={2}>
          <Title order={2} fz="h3" id="directory-own-heading">
            {t('directory.own.title')}
          </Title>
          <Text size="sm" c="gray.7">
            {t('directory.own.intro', { agency: me.agency.name })}
          </Text>
        </Stack>
        {editing === null && (
          <Button
            onClick={() => {
              setSaved(null);
              setEditing('new');
            }}
            disabled={own.isSuccess && items.length >= serviceTypes.length}
            data-testid="directory-own-add"
          >
            {t('directory.own.add')}
          </Button>
        )}
      </Group>
      {saved && (
        <SavedNotice onClose={() => setSaved(null)} testId="directory-own-saved">
          {saved}
        </SavedNotice>
      )}
      {editing !== null && (
        <ServiceForm
          agencyId={me.agency.id}
          existing={editing === 'new' ? undefined : editing}
          taken={items.map((s) => s.serviceType)}
          onCancel={() => setEditing(null)}
          onSaved={(service, created) => {
            setEditing(null);
            setSaved(
              t(created ? 'directory.own.created' : 'directory.own.updated', { type: typeLabel(service.serviceType) }),
            );
          }}
        />
      )}
      <ProblemAlert error={own.error} />
      {own.isPending ? (
        <Center p="lg">
          <Loader aria-label={t('common.loading')} />
        </Center>
      ) : own.isSuccess && items.length === 0 ? (
        <Text c="gray.7" data-testid="directory-own-empty">
          {t('directory.own.none')}
        </Text>
      ) : (
        <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('directory.own.title')}>
          {items.map((service) => (
            <ServiceCard
              key={service.id}
              service={service}
              showAgency={false}
              actions={
                <Group gap="xs">
                  <Button
                    size="xs"
                    variant="light"
                    onClick={() => {
                      setSaved(null);
                      setEditing(service);
                    }}
                    aria-label={t('directory.own.editFor', { type: typeLabel(service.serviceType) })}
                    data-testid="directory-own-edit"
                  >
                    {t('common.edit')}
                  </Button>
                  <Button
                    size="xs"
                    variant="light"
                    color="red"
                    onClick={() => {
                      remove.reset();
                      setRemoving(service);
                    }}
                    aria-label={t('directory.own.removeFor', { type: typeLabel(service.serviceType) })}
                    data-testid="directory-own-remove"
                  >
                    {t('directory.own.remove')}
                  </Button>
                </Group>
              }
            />
          ))}
        </Stack>
      )}
      <ConfirmDialog
        opened={removing !== null}
        title={t('directory.own.removeTitle')}
        message={t('directory.own.removeConfirm', { type: removing ? typeLabel(removing.serviceType) : '' })}
        confirmLabel={t('directory.own.remove')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => setRemoving(null)}
      />
    </Stack>
  );
}
