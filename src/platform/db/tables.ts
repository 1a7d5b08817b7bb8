import type { Kysely, Transaction } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: the root instance is schema-agnostic; modules narrow it
export type Executor = Kysely<any> | Transaction<any>;

/** Narrows the schema-agnostic executor to one module's tables (a type-only cast, no cost). */
export function tables<T>(executor: Executor): Kysely<T> {
  return executor as unknown as Kysely<T>;
}
