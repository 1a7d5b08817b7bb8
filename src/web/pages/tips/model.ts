/** Shapes of the tips API, from the generated contract (src/web/api/schema.d.ts); picklists checked against it. */
import type { BodyOf, ResponseOf, RowOf } from '../../api/types.js';
import { picklist } from '../../api/types.js';

export type TipSummary = RowOf<'tips.list'>;
export type TipDetail = ResponseOf<'tips.get'>;

export const tipStatuses = picklist<TipSummary['status']>()(['new', 'in_review', 'converted', 'referred', 'closed']);
export const tipUrgencies = picklist<TipSummary['urgency']>()(['urgent', 'high', 'normal']);
export const tipClosureReasons = picklist<BodyOf<'tips.close'>['reason']>()([
  'duplicate',
  'not_trafficking',
  'insufficient_information',
  'handled_elsewhere',
  'false_report',
  'other',
]);
