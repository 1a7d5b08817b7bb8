/** Shapes of the privacy office's API as its tabs read them, from the generated contract (src/web/api/schema.d.ts). */
import type { ResponseOf, RowOf } from '../../api/types.js';

export type DsrRequest = RowOf<'dsr.requests.list'>;
export type Breach = RowOf<'breaches.list'>;
export type Grant = RowOf<'access.grants.reviewQueue'>;
export type Policy = RowOf<'retention.policies.list'>;
export type Preview = ResponseOf<'retention.runs.preview'>;
export type ReadEntry = RowOf<'access.log.list'>;
export type Checkpoint = RowOf<'audit.checkpoints.list'>;
