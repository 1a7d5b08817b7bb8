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
