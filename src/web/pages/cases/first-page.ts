/**
 * The first page of the case list as CaseListPage asks for it with no filter in the address; the boot's
 * preload (preload.ts) asks for the same, so the page's first request finds its answer already on the way.
 */
export const caseListFirstPage = { open: 'true', sort: 'newest', limit: 50 } as const;
