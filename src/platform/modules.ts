import type { FastifyInstance } from 'fastify';
import type { AuditActionSpec } from './audit-catalogue.js';
import type { Services } from './context.js';
import type { EncryptedColumnSet } from './crypto.js';
import type { Job } from './jobs.js';
import type { OffloadTask } from './offload.js';

/**
 * How a module declares itself (its index.ts exports one `ModuleManifest`), and the hooks through which modules
 * meet without importing each other both ways.
 *
 * A hook is named by the module that calls it, which declares its type by declaration merging:
 *   declare module '../../platform/modules.js' { interface Hooks { 'cases.closeGuard': CloseGuard } }
 * Another module (or server.ts, for glue between two modules) provides it in its manifest. server.ts composes the
 * manifests once: routes, jobs, encrypted columns and audit actions in one list, and every hook into a
 * `HookRegistry` on the services object (never module-global state, so two service sets in one process — tests —
 * never see each other's hooks). A hook a module needs that nobody provides stops start-up, naming both: `needs`
 * for a hook read with `hooks.one` (exactly one provider), `needsOneOrMore` for a fan-out hook read with `hooks.all`
 * whose rule must not be skipped (one or more providers). A fan-out hook in neither list is optional by design
 * (extra sections, extra record types).
 */

/** Hook name → the type of one implementation; filled by the modules that call the hooks. */
// biome-ignore lint/suspicious/noEmptyInterface: augmented by the modules that declare hooks
export interface Hooks {}
export type HookName = keyof Hooks & string;

/** Implementations per hook, each hook's in the order the manifests list them. */
export type HookProvisions = { [K in HookName]?: Hooks[K] | readonly Hooks[K][] };

export interface ModuleManifest {
  /** The folder name under src/modules/. */
  name: string;
  /** Registers the module's HTTP routes (under the /api prefix scope server.ts opens). */
  routes?: (app: FastifyInstance, services: Services) => Promise<void>;
  /** Scheduled jobs; `serve` starts them (platform/jobs.ts). */
  jobs?: readonly Job[];
  /** Long work its routes ask for, run on the API's work thread (platform/offload.ts). */
  // biome-ignore lint/suspicious/noExplicitAny: each task narrows its own arguments and head
  offloadTasks?: readonly OffloadTask<any, any>[];
  /** Encrypted columns of the module's tables; key rotation re-encrypts exactly these. */
  encryptedColumns?: readonly EncryptedColumnSet[];
  /** The audit actions the module writes (its `<module>.audit.ts`). */
  auditActions?: Readonly<Record<string, AuditActionSpec>>;
  /** Hooks this module implements for others. */
  provides?: HookProvisions;
  /**
   * Hooks this module calls with `hooks.one` and cannot work without: start-up stops unless each has exactly one
   * provider.
   */
  needs?: readonly HookName[];
  /**
   * Fan-out hooks this module calls with `hooks.all` whose rule would be silently skipped with no provider (a
   * closure guard, an erasure step, a record hold): start-up stops unless each has one or more providers.
   */
  needsOneOrMore?: readonly HookName[];
}

/** The composed hooks of one service set. */
export class HookRegistry {
  readonly #impls = new Map<string, unknown[]>();

  provide<K extends HookName>(name: K, impl: Hooks[K]): void {
    const list = this.#impls.get(name) ?? [];
    list.push(impl);
    this.#impls.set(name, list);
  }

  /** Every implementation of a hook (none when nobody provides it). */
  all<K extends HookName>(name: K): readonly Hooks[K][] {
    return (this.#impls.get(name) ?? []) as Hooks[K][];
  }

  /** The one implementation of a hook a module needs (start-up made sure it exists). */
  one<K extends HookName>(name: K): Hooks[K] {
    const list = this.all(name);
    if (list.length !== 1) throw new Error(`hook ${name} has ${list.length} providers, expected exactly one`);
    return list[0] as Hooks[K];
  }

  has(name: HookName): boolean {
    return (this.#impls.get(name)?.length ?? 0) > 0;
  }
}

/** Thrown at start-up when the manifests do not fit together. */
export class ModuleCompositionError extends Error {}

/**
 * Every hook of the manifests (and of `glue`: server.ts's own wiring between two modules) in one registry.
 * Stops with a message naming the module and the hook when a needed hook has no provider, or when a hook needed
 * with exactly one provider has several.
 */
export function composeHooks(manifests: readonly ModuleManifest[], glue: HookProvisions = {}): HookRegistry {
  const registry = new HookRegistry();
  const names = new Set<string>();
  for (const m of manifests) {
    if (names.has(m.name)) throw new ModuleCompositionError(`module ${m.name} is listed twice`);
    names.add(m.name);
  }
  for (const provisions of [...manifests.map((m) => m.provides ?? {}), glue]) {
    for (const [name, value] of Object.entries(provisions) as [HookName, unknown][]) {
      for (const impl of Array.isArray(value) ? value : [value]) registry.provide(name, impl as never);
    }
  }
  const problems = manifests.flatMap((m) => [
    ...(m.needs ?? []).flatMap((hook) => {
      const n = registry.all(hook).length;
      if (n === 0) return [`module ${m.name} needs the hook ${hook}, which no module provides`];
      if (n > 1) return [`module ${m.name} needs exactly one provider of the hook ${hook}, but ${n} provide it`];
      return [];
    }),
    ...(m.needsOneOrMore ?? [])
      .filter((hook) => !registry.has(hook))
      .map((hook) => `module ${m.name} needs one or more providers of the hook ${hook}, but no module provides it`),
  ]);
  if (problems.length > 0) throw new ModuleCompositionError(problems.join('; '));
  return registry;
}
