/**
 * Names for the generated contract (schema.d.ts, from the server's OpenAPI document by `npm run contract`):
 * the web reads an operation's body, query and answer by its operationId, never from a hand-made copy.
 *
 *   type CaseDetail = ResponseOf<'cases.get'>;
 *   type NoteInput = BodyOf<'notes.create'>;
 */
import type { components, operations } from './schema.js';

export type { paths } from './schema.js';
export type OperationId = keyof operations;

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Success<R> = R extends { 200: infer S } ? S : R extends { 201: infer S } ? S : never;

/** The JSON an operation answers with when it succeeds (its 200, else its 201). */
export type ResponseOf<Op extends OperationId> = AnswerOf<operations[Op]>;
/** The same for an operation reached by its path and method (`paths['/api/…']['get']`). */
export type AnswerOf<O> = O extends { responses: infer R } ? Json<Success<R>> : never;
/** The JSON body an operation takes. */
export type BodyOf<Op extends OperationId> = Json<NonNullable<operations[Op]['requestBody']>>;
/** The query parameters an operation takes. */
export type QueryOf<Op extends OperationId> = NonNullable<operations[Op]['parameters']['query']>;
/** One item of a keyset page (`{ items, nextCursor }`). */
export type ItemOf<P> = P extends { items: (infer I)[] } ? I : never;
/** One row of what a list operation answers: an item of its array or of its keyset page. */
export type RowOf<Op extends OperationId> = ResponseOf<Op> extends (infer I)[] ? I : ItemOf<ResponseOf<Op>>;
/** What every error answer is: RFC 9457 problem details with Pulih's `code` and field issues. */
export type ApiProblem = components['schemas']['Problem'];

/**
 * A picklist checked against the contract's enum: every value and nothing else, so a value renamed, added or
 * dropped on the server fails the web's type check.
 *
 *   export const tipStatuses = picklist<TipSummary['status']>()(['new', 'in_review', …]);
 */
export function picklist<T extends string>() {
  return <const L extends readonly T[]>(
    values: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> }),
  ): L => values;
}

/**
 * What a form sends before the server has checked it: the operation's own field names (a misspelt or removed
 * field fails the type check), each possibly empty or still a free string. The server validates the values and
 * names each wrong field in the user's language, so a form does not duplicate those rules.
 */
export type Draft<T> = T extends readonly (infer I)[]
  ? Draft<I>[]
  : T extends object
    ? { [K in keyof T]?: Draft<T[K]> | null }
    : T | (T extends string ? string : never) | (T extends number ? number : never) | null;
