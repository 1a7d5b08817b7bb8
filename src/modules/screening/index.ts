import type { ModuleManifest } from '../../platform/modules.js';
import { screeningAudit } from './screening.audit.js';
import { screeningRoutes } from './screening.routes.js';
import { screeningEncryptedColumns } from './screening.service.js';
import { screeningsAwaitingCaseIds } from './screening.workspace.js';

export { delphiV1 } from './indicators.v1.js';
export { screeningAudit } from './screening.audit.js';
export { screeningRoutes } from './screening.routes.js';
export {
  screeningApproveSchema,
  screeningCreateSchema,
  screeningDecideSchema,
  type TScreening,
  type TToolDefinition,
  toolDefinitionSchema,
} from './screening.schema.js';
export { isDimensionPositive, scoreScreening } from './screening.scoring.js';
export {
  approveScreening,
  createScreening,
  currentTool,
  decideScreening,
  listScreenings,
  screeningEncryptedColumns,
  syncScreeningTools,
} from './screening.service.js';
export { type ScreeningAwaiting, screeningsAwaitingApproval } from './screening.workspace.js';

/** The module as server.ts composes it (platform/modules.ts). */
export const screeningModule: ModuleManifest = {
  name: 'screening',
  routes: screeningRoutes,
  encryptedColumns: screeningEncryptedColumns,
  auditActions: screeningAudit,
  provides: {
    // The case list's "awaiting approval" filter (cases cannot read this module's table).
    'cases.screeningsAwaiting': screeningsAwaitingCaseIds,
  },
};
