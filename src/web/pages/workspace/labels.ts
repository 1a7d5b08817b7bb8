import type { TFunction } from 'i18next';

/** The words for an item's code: a service type, urgency, screening decision, closure reason … never the code. */
export function itemKindLabel(t: TFunction, sectionKey: string, kind: string | null): string | null {
  if (!kind) return null;
  const candidates: Record<string, string[]> = {
    lateServices: [`cases.services.types.${kind}`],
    servicesDueSoon: [`cases.services.types.${kind}`],
    servicesToRecord: [`cases.services.types.${kind}`],
    referralsWaiting: [`referrals.urgencies.${kind}`],
    referralsToAnswer: [`referrals.urgencies.${kind}`],
    screeningApprovals: [`htcds.vic_TraffickingStatus.${kind}`],
    closureApprovals: [`cases.closureReason.${kind}`],
    tasksDue: [`workspace.taskKinds.${kind}`],
    shelterStaysEnding: ['workspace.shelterStay'],
    breakGlassToReview: [`workspace.entityTypes.${kind}`],
  };
  for (const key of candidates[sectionKey] ?? []) {
    const text = t(key, { defaultValue: '' });
    if (text) return text;
  }
  return sectionKey === 'leadTransfers' ? kind : t('workspace.otherKind');
}
