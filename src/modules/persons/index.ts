import type { ModuleManifest } from '../../platform/modules.js';
import { personsAudit } from './persons.audit.js';
import { personRoutes } from './persons.routes.js';
import { personEncryptedColumns } from './persons.vault.js';

export { checkKeyStrings, compareNames, nameTokens, parseName, personTokenStrings } from './name-tokens.js';
export { type PersonAgeFacts, type PersonAgeHook, personAgeFacts, personWithAgeFacts } from './persons.age.js';
export { personsAudit } from './persons.audit.js';
export {
  erasePersonIdentity,
  type PersonErasureHook,
  personForSubjectExport,
} from './persons.dsr.js';
export { checkDuplicates, scoreCandidate } from './persons.duplicates.js';
export type { PersonNameTokensHook } from './persons.hooks.js';
export {
  moveIdentitiesUnderPersonKeys,
  openIdentityField,
  personKeyFor,
  personKeys,
  sealIdentityField,
} from './persons.keys.js';
export {
  dice,
  LINKAGE_DICE_THRESHOLD,
  LINKAGE_MAX_POSTINGS,
  type LinkageResult,
  type LinkEvidence,
  linkPersonRecords,
} from './persons.linkage.js';
export { allLinkedGroups, LINKAGE_CACHE_MAX, linkedGroupsOf } from './persons.linkage-groups.js';
export {
  findPersonIdsByName,
  NAME_KEYS_VERSION,
  type NamePostings,
  nameTokensOfPerson,
  type PersonNameFilter,
  personNameFilter,
  refreshNameKeys,
} from './persons.names.js';
export type { PersonHolder, PersonHolderSource } from './persons.policy.js';
export { personRoutes } from './persons.routes.js';
export {
  type IdentityField,
  identitySchema,
  profileSchema,
  type TIdentity,
  type TPerson,
  type TPersonCreate,
  type TProfile,
} from './persons.schema.js';
export {
  createPerson,
  findPersonIdsByIdentifier,
  getPerson,
  insertPersonRecord,
  type PersonProfileFacts,
  personById,
  personProfileJoin,
  personProfileReader,
  personsByIds,
  resolvePersonResource,
  revealIdentity,
  revealIdentityForDocument,
} from './persons.service.js';
export { personEncryptedColumns, requireIdentityAccess } from './persons.vault.js';

/** The module as server.ts composes it (platform/modules.ts). */
export const personsModule: ModuleManifest = {
  name: 'persons',
  routes: personRoutes,
  encryptedColumns: personEncryptedColumns,
  auditActions: personsAudit,
  // Without holders nobody could reach a person (the vault decision, Law 21/2007 Art. 44); without the name
  // tokens' follower the case list's name search would find a victim by her old name (or not by her new one).
  // Erasure must reach what other modules hold of her (her files: Law 27/2022 Art. 8, 16).
  needs: ['persons.caseHolders', 'persons.nameTokensChanged'],
  needsOneOrMore: ['persons.holders', 'persons.erasure'],
};
