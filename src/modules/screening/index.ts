export { delphiV1 } from './indicators.v1.js';
export { screeningAudit } from './screening.audit.js';
export { screeningRoutes } from './screening.routes.js';
export { type TScreening, type TToolDefinition, toolDefinitionSchema } from './screening.schema.js';
export { isDimensionPositive, scoreScreening } from './screening.scoring.js';
export { currentTool, listScreenings, screeningEncryptedColumns, syncScreeningTools } from './screening.service.js';
export { type ScreeningAwaiting, screeningsAwaitingApproval } from './screening.workspace.js';
