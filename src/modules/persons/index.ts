import type { ModuleManifest } from '../../platform/modules.js';
import { personsAudit } from './persons.audit.js';
import { personRoutes } from './persons.routes.js';
import { personEncryptedColumns } from './persons.service.js';

export { checkKeyStrings, compareNames, nameTokens, parseName, personTokenStrings } from './name-tokens.js';
export { personsAudit } from './persons.audit.js';
export {
  erasePersonIdentity,
  type PersonErasureHook,
  personForSubjectExport,
  registerPersonErasureHook,
} from './persons.dsr.js';
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
  linkPersonRecords,
} from './persons.linkage.js';
export { type PersonHolder, registerPersonHolders } from './persons.policy.js';
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
  checkDuplicates,
  createPerson,
  findPersonIdsByIdentifier,
  findPersonIdsByName,
  getPerson,
  insertPersonRecord,
  NAME_KEYS_VERSION,
  type PersonAgeFacts,
  type PersonNameFilter,
  personAgeFacts,
  personById,
  personEncryptedColumns,
  personNameFilter,
  personsByIds,
  refreshNameKeys,
  registerPersonAgeHook,
  requireIdentityAccess,
  resolvePersonResource,
  revealIdentity,
  revealIdentityForDocument,
  scoreCandidate,
} from './persons.service.js';

/** The module as server.ts composes it (platform/modules.ts). */
export const personsModule: ModuleManifest = {
  name: 'persons',
  routes: personRoutes,
  encryptedColumns: personEncryptedColumns,
  auditActions: personsAudit,
};
