export { attachmentRoutes } from './attachments.routes.js';
export {
  attachmentEncryptedColumns,
  attachmentFacts,
  attachmentKinds,
  uploadAttachment,
} from './attachments.service.js';
