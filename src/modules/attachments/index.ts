import type { ModuleManifest } from '../../platform/modules.js';
import { attachmentsAudit } from './attachments.audit.js';
import { attachmentRoutes } from './attachments.routes.js';
import { attachmentEncryptedColumns, attachmentFacts } from './attachments.service.js';

export { attachmentsAudit } from './attachments.audit.js';
export { attachmentRoutes } from './attachments.routes.js';
export {
  attachmentEncryptedColumns,
  attachmentFacts,
  attachmentKinds,
  casesWithAttachmentContent,
  destroyAttachmentContent,
  uploadAttachment,
} from './attachments.service.js';

/** The module as server.ts composes it (platform/modules.ts). */
export const attachmentsModule: ModuleManifest = {
  name: 'attachments',
  routes: attachmentRoutes,
  encryptedColumns: attachmentEncryptedColumns,
  auditActions: attachmentsAudit,
  // Consent evidence must be a consent-evidence attachment of the same case.
  provides: { 'consent.evidence': attachmentFacts },
};
