export { attachmentRoutes } from './attachments.routes.js';
export { attachmentEncryptedColumns, attachmentKinds, uploadAttachment } from './attachments.service.js';
