import type { ModuleManifest } from '../../platform/modules.js';
import { exchangeAuditActions } from './exchange.audit.js';
import { exchangeRoutes } from './exchange.routes.js';
import { exchangeEncryptedColumns } from './exchange.service.js';
import { htcdsExportTask } from './htcds.serialise.js';

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
export { csvColumns, htcdsFactGroups, recordToCsvRow } from './htcds.mapping.js';
export { csvHeaderLine, htcdsCsvChunks, htcdsJsonChunks } from './htcds.serialise.js';

/** The module as server.ts composes it (platform/modules.ts). */
export const exchangeModule: ModuleManifest = {
  name: 'exchange',
  routes: exchangeRoutes,
  encryptedColumns: exchangeEncryptedColumns,
  auditActions: exchangeAuditActions,
  offloadTasks: [htcdsExportTask],
};
