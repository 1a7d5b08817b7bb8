import { type Kysely, type Migration, Migrator } from 'kysely';
import type { Database, DialectAdapter } from './dialect.js';
import { foundation } from './migrations/0001-foundation.js';
import { cases } from './migrations/0002-cases.js';
import { services } from './migrations/0003-services.js';
import { screening } from './migrations/0004-screening.js';
import { assessments } from './migrations/0005-assessments.js';
import { attachments } from './migrations/0007-attachments.js';
import { caseRelatives } from './migrations/0008-case-relatives.js';
import { consents } from './migrations/0009-consents.js';
import { referrals } from './migrations/0010-referrals.js';
import { directory } from './migrations/0011-directory.js';
import { conferences } from './migrations/0012-conferences.js';
import { leadTransfers } from './migrations/0013-lead-transfers.js';
import { exchange } from './migrations/0014-exchange.js';
import { referralInbox } from './migrations/0015-referral-inbox.js';
import { domainRules } from './migrations/0020-domain-rules.js';
import { loginThrottle } from './migrations/0025-login-throttle.js';
import { duplicateCheckLimits } from './migrations/0026-duplicate-check-limits.js';
import { leadTransferConsent } from './migrations/0027-lead-transfer-consent.js';
import { auditKeyed } from './migrations/0030-audit-keyed.js';
import { privacyOffice } from './migrations/0031-privacy-office.js';
import { alertLifecycle } from './migrations/0035-alert-lifecycle.js';
import { workspace } from './migrations/0036-workspace.js';
import { legal } from './migrations/0040-legal.js';
import { consentsByRecipient } from './migrations/0041-consents-by-recipient.js';
import { tips } from './migrations/0045-tips.js';
import { prevention } from './migrations/0046-prevention.js';
import { personNameKeys } from './migrations/0050-person-name-keys.js';
import { caseLookup } from './migrations/0051-case-lookup.js';
import { caseListIndexes } from './migrations/0052-case-list-indexes.js';
import { referralsPerson } from './migrations/0053-referrals-person.js';
import { freeTextEncrypted } from './migrations/0070-free-text-encrypted.js';
import { personDataKeys } from './migrations/0071-person-data-keys.js';
import { workspaceDrivingIndexes } from './migrations/0075-workspace-driving-indexes.js';
import { protectionDueByProvider } from './migrations/0080-protection-due-by-provider.js';
import { legalDueByParty } from './migrations/0081-legal-due-by-party.js';
import { indicators } from './migrations/0085-indicators.js';
import { htcdsExchange } from './migrations/0090-htcds-exchange.js';
import { serviceAccounts } from './migrations/0091-service-accounts.js';
import { caseNextDeadline } from './migrations/0095-case-next-deadline.js';
import { auditTruncation } from './migrations/0110-audit-truncation.js';
import { maintenanceSteps } from './migrations/0115-maintenance-steps.js';
import { caseCoreIndexes } from './migrations/0116-case-core-indexes.js';
import { overdueTasksByKind } from './migrations/0117-overdue-tasks-by-kind.js';
import { openCaseDeadlines } from './migrations/0120-open-case-deadlines.js';
import { indicatorRollup } from './migrations/0130-indicator-rollup.js';
import { indicatorCitizenship } from './migrations/0132-indicator-citizenship.js';
import { personLinkage } from './migrations/0133-person-linkage.js';
import { indicatorRollupProvinces } from './migrations/0138-indicator-rollup-provinces.js';
import { indicatorRefreshProgress } from './migrations/0143-indicator-refresh-progress.js';
import { caseNameTokens } from './migrations/0144-case-name-tokens.js';
import { indicatorFactsPeriodIndex } from './migrations/0149-indicator-facts-period-index.js';

/** A forward-only migration that may ask the dialect adapter for column types. */
export type PulihMigration = (adapter: DialectAdapter) => Migration;

// Forward-only, in order. Never edit a migration that has shipped; add a new one.
const migrations: Record<string, PulihMigration> = {
  '0001-foundation': foundation,
  '0002-cases': cases,
  '0003-services': services,
  '0004-screening': screening,
  '0005-assessments': assessments,
  '0007-attachments': attachments,
  '0008-case-relatives': caseRelatives,
  '0009-consents': consents,
  '0010-referrals': referrals,
  '0011-directory': directory,
  '0012-conferences': conferences,
  '0013-lead-transfers': leadTransfers,
  '0014-exchange': exchange,
  '0015-referral-inbox': referralInbox,
  '0025-login-throttle': loginThrottle,
  '0026-duplicate-check-limits': duplicateCheckLimits,
  '0027-lead-transfer-consent': leadTransferConsent,
  '0030-audit-keyed': auditKeyed,
  '0031-privacy-office': privacyOffice,
  '0020-domain-rules': domainRules,
  '0040-legal': legal,
  '0041-consents-by-recipient': consentsByRecipient,
  '0035-alert-lifecycle': alertLifecycle,
  '0036-workspace': workspace,
  '0045-tips': tips,
  '0046-prevention': prevention,
  '0050-person-name-keys': personNameKeys,
  '0051-case-lookup': caseLookup,
  '0052-case-list-indexes': caseListIndexes,
  '0053-referrals-person': referralsPerson,
  '0070-free-text-encrypted': freeTextEncrypted,
  '0071-person-data-keys': personDataKeys,
  '0085-indicators': indicators,
  '0080-protection-due-by-provider': protectionDueByProvider,
  '0081-legal-due-by-party': legalDueByParty,
  '0090-htcds-exchange': htcdsExchange,
  '0091-service-accounts': serviceAccounts,
  '0110-audit-truncation': auditTruncation,
  '0115-maintenance-steps': maintenanceSteps,
  '0116-case-core-indexes': caseCoreIndexes,
  '0117-overdue-tasks-by-kind': overdueTasksByKind,
  '0075-workspace-driving-indexes': workspaceDrivingIndexes,
  '0095-case-next-deadline': caseNextDeadline,
  '0120-open-case-deadlines': openCaseDeadlines,
  '0130-indicator-rollup': indicatorRollup,
  '0132-indicator-citizenship': indicatorCitizenship,
  '0133-person-linkage': personLinkage,
  '0138-indicator-rollup-provinces': indicatorRollupProvinces,
  '0143-indicator-refresh-progress': indicatorRefreshProgress,
  '0144-case-name-tokens': caseNameTokens,
  '0149-indicator-facts-period-index': indicatorFactsPeriodIndex,
};

function migrator(database: Database): Migrator {
  const resolved = Object.fromEntries(Object.entries(migrations).map(([name, make]) => [name, make(database.adapter)]));
  return new Migrator({
    db: database.db as Kysely<unknown>,
    provider: { getMigrations: async () => resolved },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
    // Modules add their migrations independently (each creates its own tables, referencing only older
    // ones), so one merged later with a lower number must still run on a database that has newer ones.
    allowUnorderedMigrations: true,
  });
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(database: Database): Promise<string[]> {
  const { error, results } = await migrator(database).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Pending migration names (empty when the schema is current) and the newest one applied (by name). */
export async function migrationStatus(database: Database): Promise<{ pending: string[]; latest: string | null }> {
  const all = await migrator(database).getMigrations();
  const applied = all
    .filter((m) => m.executedAt)
    .map((m) => m.name)
    .sort();
  return { pending: all.filter((m) => !m.executedAt).map((m) => m.name), latest: applied.at(-1) ?? null };
}
