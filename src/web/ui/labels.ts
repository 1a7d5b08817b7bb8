import type { TFunction } from 'i18next';

/**
 * Readable labels for codes the administration pages show: permissions (each translated in full) and audit
 * actions (what they concern and what happened, from the action's first and last parts: `cases.members.add` is
 * "Case: added"). An unknown code falls back to itself, so nothing is hidden.
 */
export function permissionLabel(t: TFunction, permission: string): string {
  return t(`permissionLabels.${permission}`, { defaultValue: permission });
}

export function auditActionLabel(t: TFunction, action: string): string {
  const parts = action.split('.');
  const subject = t(`auditSubjects.${parts[0]}`, { defaultValue: '' });
  const verb = t(`auditVerbs.${parts[parts.length - 1]}`, { defaultValue: '' });
  return subject && verb && parts.length > 1 ? t('auditLabel', { subject, verb }) : action;
}
