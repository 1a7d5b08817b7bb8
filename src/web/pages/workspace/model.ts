/**
 * The daily workspace as the server sends it (GET /api/workspace/today, /api/approvals, /api/team), from the
 * generated contract (src/web/api/schema.d.ts).
 */
import type { Approvals, TeamOverview, Today } from '../../api/workspace.js';

export type { ApprovalKind, Approvals, Today } from '../../api/workspace.js';
export type TodaySection = Today['sections'][number];
export type TodayItem = TodaySection['items'][number];
export type TodayGroup = TodaySection['group'];
export type Approval = Approvals['items'][number];
export type Team = TeamOverview;
export type TeamMember = Team['members'][number];
