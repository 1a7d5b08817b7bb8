export { exchangeAuditActions } from './exchange.audit.js';
export { exchangeRoutes } from './exchange.routes.js';
export {
  exchangeEncryptedColumns,
  exportReferralPackage,
  importReferralPackage,
  PACKAGE_FORMAT,
  signWithInstanceKey,
  verifyInstanceSignature,
} from './exchange.service.js';
export { exportHtcds, type HtcdsExport } from './htcds.export.js';
export { csvColumns, recordToCsvRow } from './htcds.mapping.js';
