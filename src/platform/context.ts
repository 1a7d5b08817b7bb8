import type { Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { AuditCatalogue } from './audit-catalogue.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { KeyRing } from './crypto.js';
import type { Database } from './db/index.js';
import type { Locale } from './i18n/index.js';
import type { HookRegistry } from './modules.js';
import type { WorkThread } from './offload.js';

export type Scope = 'own' | 'agency' | 'jurisdiction' | 'all';

/** The authenticated person behind a request, with permissions resolved from their roles. */
export interface Actor {
  userId: string;
  username: string;
  agencyId: string;
  /** Kemendagri code of the actor's agency jurisdiction (null for agencies abroad). */
  agencyRegionCode: string | null;
  /**
   * The actor's agency is national (in Indonesia, no one region): a jurisdiction scope covers the whole country.
   * The national task force (Perpres 69/2008 Art. 4: Gugus Tugas Pusat) evaluates every province.
   */
  agencyNational?: boolean;
  roles: readonly string[];
  /** permission → widest scope any of the actor's roles grants it. */
  permissions: ReadonlyMap<string, Scope>;
  aggregateOnly: boolean;
  sessionIdHash: string | null;
  /** Set when a partner system calls with a service account's API token (never a browser session). */
  serviceAccount?: {
    id: string;
    tokenId: string;
    /** The operationIds the token may call; any other answers 403. */
    operations: readonly string[];
    /** The agencies whose records the token reaches. */
    agencyIds: readonly string[];
  };
}

/** Long-lived machinery shared by every request. */
export interface Services {
  database: Database;
  keyring: KeyRing;
  config: Config;
  clock: Clock;
  log: Logger;
  /** Every declared audit action (platform/audit-catalogue.ts), composed from the modules' manifests. */
  auditCatalogue: AuditCatalogue;
  /** The hooks through which modules meet (platform/modules.ts), composed from the modules' manifests. */
  hooks: HookRegistry;
  /** The API server's work thread for long work a request asks for (platform/offload.ts); absent: in process. */
  workThread?: WorkThread;
}

/** One request's context; every service function takes it first. */
export interface Context extends Services {
  actor: Actor | null;
  locale: Locale;
  ip: string | null;
  requestId: string;
}

// biome-ignore lint/suspicious/noExplicitAny: modules narrow the schema with tables<T>()
export type Tx = Transaction<any>;

/** Builds a context for work that no person started (CLI, scheduler, demo seed). */
export function systemContext(services: Services, locale: Locale = 'id'): Context {
  return { ...services, actor: null, locale, ip: null, requestId: 'system' };
}

const commitCallbacks = new WeakMap<object, (() => void)[]>();

/** Runs fn in one transaction; a thrown error rolls back everything, audit events included. */
export async function transact<T>(ctx: Context, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const callbacks: (() => void)[] = [];
  const result = await ctx.database.db.transaction().execute((tx) => {
    commitCallbacks.set(tx, callbacks);
    return fn(tx);
  });
  for (const callback of callbacks) callback();
  return result;
}

/**
 * Runs fn once the transaction behind executor has committed (never on rollback); at once outside a
 * transaction started by transact(). In-process caches use it so a concurrent reader cannot refill them
 * with rows the transaction is about to replace.
 */
export function afterCommit(executor: object, fn: () => void): void {
  const callbacks = commitCallbacks.get(executor);
  if (callbacks) callbacks.push(fn);
  else fn();
}

/** Id and name under which operator (CLI) and system work is audited. */
export const SYSTEM_USER_ID = 'system';

/** The actor of operator and system work: no agency, no role, the given permissions at scope all. */
export function systemActor(username: string, permissions: Iterable<string>): Actor {
  return {
    userId: SYSTEM_USER_ID,
    username,
    agencyId: '',
    agencyRegionCode: null,
    roles: [],
    permissions: new Map([...permissions].map((p) => [p, 'all' as Scope])),
    aggregateOnly: false,
    sessionIdHash: null,
  };
}

/** A context for an operator at the command line: every permission, scope all, audited as `cli:<name>`. */
export function operatorContext(services: Services, operator: string, permissions: Iterable<string>): Context {
  return { ...services, actor: systemActor(`cli:${operator}`, permissions), locale: 'en', ip: null, requestId: 'cli' };
}
