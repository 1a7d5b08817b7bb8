import { Alert, Card, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SharedView } from '../../api/referrals.js';
import { type Fact, FactList } from '../cases/FactList.js';
import { useCountryName, useHtcdsLabel } from '../cases/fields.js';

/** Readable values of a shared view, in the UI language; only the groups present are returned. */
function useSharedFacts() {
  const { t } = useTranslation();
  const htcdsLabel = useHtcdsLabel();
  const countryName = useCountryName();
  return (view: SharedView): Fact[] => {
    const facts: Fact[] = [];
    const add = (key: string, value: string | null | undefined, testId?: string) =>
      facts.push({ label: t(`referrals.${key}`), value: value ?? null, testId });
    if (view.ageBand !== undefined)
      add('ageBand', view.ageBand ? t(`referrals.ageBands.${view.ageBand}`) : null, 'shared-age-band');
    if (view.sex !== undefined) add('sex', view.sex ? htcdsLabel('prs_Gender', view.sex) : null, 'shared-sex');
    if (view.languages !== undefined)
      add(
        'languages',
        view.languages.map((l) => t(`cases.language.${l}`, { defaultValue: l })).join(', '),
        'shared-languages',
      );
    if (view.nationality !== undefined) add('nationality', view.nationality ? countryName(view.nationality) : null);
    if (view.originRegion !== undefined) add('originRegion', view.originRegion?.name ?? null);
    if (view.needs !== undefined)
      add('needs', view.needs.map((n) => t(`cases.services.types.${n}`)).join(', '), 'shared-needs');
    if (view.riskLevel !== undefined) add('riskLevel', view.riskLevel ? t(`cases.risk.${view.riskLevel}`) : null);
    if (view.exploitationTypes !== undefined)
      add('exploitationTypes', view.exploitationTypes.map((e) => htcdsLabel('vic_TypeOfExploitation', e)).join(', '));
    if (view.caseSummary !== undefined) add('caseSummary', view.caseSummary);
    return facts;
  };
}

/** One line for a list: the non-identifying facts that were shared. */
export function useSharedViewSummary() {
  const facts = useSharedFacts();
  return (view: SharedView) =>
    facts(view)
      .filter((f) => f.value)
      .map((f) => `${f.label}: ${f.value}`)
      .join(' · ');
}

/**
 * The shared view in full: consented facts, and identity only when the consent names this recipient. The
 * sending team sees the same view, worded as what the recipient sees.
 */
export function SharedViewPanel({ view, recipient }: { view: SharedView | null; recipient?: string }) {
  const { t } = useTranslation();
  const facts = useSharedFacts();
  if (!view) return <Text c="gray.7">{t('referrals.noSharedView')}</Text>;
  const identity = view.identity;
  return (
    <Card withBorder padding="md" data-testid="shared-view">
      <Stack>
        <Title order={2} fz="h3">
          {t('referrals.sharedView')}
        </Title>
        <Text size="sm" c="gray.7">
          {t(recipient ? 'referrals.sharedViewSenderIntro' : 'referrals.sharedViewIntro', {
            agency: recipient,
            groups: view.fieldGroups.map((g) => t(`consents.groups.${g}`)).join(', '),
          })}
        </Text>
        <FactList facts={facts(view)} />
        {identity ? (
          <Alert color="orange" variant="light" title={t('referrals.identity')} data-testid="shared-identity">
            <FactList
              facts={[
                ...(identity.fullName !== undefined
                  ? [{ label: t('referrals.fullName'), value: identity.fullName }]
                  : []),
                ...(identity.aliases?.length
                  ? [{ label: t('referrals.aliases'), value: identity.aliases.join(', ') }]
                  : []),
                ...(identity.phones !== undefined
                  ? [{ label: t('referrals.phones'), value: identity.phones.join(', ') }]
                  : []),
                ...(identity.address !== undefined ? [{ label: t('referrals.address'), value: identity.address }] : []),
              ]}
            />
          </Alert>
        ) : (
          <Text size="sm" data-testid="shared-no-identity">
            {recipient ? t('referrals.noIdentitySender', { agency: recipient }) : t('referrals.noIdentity')}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
