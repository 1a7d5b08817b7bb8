/**
 * Who may do what lives in the modules' policy files (`<m>.policy.ts`), and only real permissions exist:
 * every permission a policy checks is granted by some role (or is a declared role setting), every permission a
 * role grants is used — reached from an ability that a service, route or job calls, or from a permission-map entry
 * such a file reads (a name that only appears in a map, or an ability only re-exported, does not count) — and no
 * other file spells a permission where access is decided.
 * The type side (a misspelt permission does not compile) is proved by the @ts-expect-error lines below, which
 * `tsc` rejects as unused the day `Permission` widens back to `string`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allPermissions, builtinRoles, roleSettingPermissions } from '../../src/modules/users/users.roles.js';
import { can, type Permission, requireAccess, scopeFilter } from '../../src/platform/access.js';
import type { Context } from '../../src/platform/context.js';

const root = resolve(import.meta.dirname, '../../src');
const rel = (file: string) => relative(root, file).split(sep).join('/');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'web' ? [] : sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

const files = sourceFiles(root);
const policyFiles = files.filter((f) => f.endsWith('.policy.ts'));
const literal = /'([a-z][a-zA-Z]*(?:\.[a-zA-Z]+)+)'/g;

/** A hook's name (`ctx.hooks.all('persons.holders')`) is shaped like a permission but is not one. */
const hookName = /\bhooks\.[a-zA-Z]+\('[^']*'/g;

/** Permission-shaped string literals of a file (module.action, module.part.action), hook names left out. */
const literalsOf = (text: string) => [...text.replace(hookName, '').matchAll(literal)].map((m) => m[1]!);

/** The calls that decide access from a permission; a string literal among their arguments spells one inline. */
const deciding =
  /\b(requireAccess|scopeFilter|can|loadCase|canAccessCase|decidePersonAccess|loadInScope|jobContext|agencyUserIdsWithPermission|permissions\.(?:has|get))\(([^;{]*?)\)/g;

function inlinePermissions(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(deciding)) for (const p of literalsOf(m[2]!)) out.push(`${m[1]}(… '${p}' …)`);
  return out;
}

const granted = new Set<string>([...allPermissions(), ...roleSettingPermissions]);

/** One top-level declaration of a policy file: `export const canReadNote = …`, `function resource(…)`, a map. */
interface Declaration {
  name: string;
  body: string;
  /** A permission map (`{ read: 'cases.read', … } as const`): key → permission. */
  entries: Map<string, string> | null;
}

const declarationStart = /^(?:export\s+)?(?:async\s+)?(?:function\s*\*?|const|let)\s+([A-Za-z_$][\w$]*)/;

function declarationsOf(text: string): Declaration[] {
  const out: Declaration[] = [];
  let current: Declaration | null = null;
  for (const line of text.split('\n')) {
    const m = declarationStart.exec(line);
    if (m) {
      current = { name: m[1]!, body: '', entries: null };
      out.push(current);
    } else if (/^(?:export\s+)?(?:type|interface|import)\b/.test(line)) current = null;
    if (current) current.body += `${line}\n`;
  }
  for (const d of out) {
    if (!/=\s*\{[\s\S]*\}\s*as const/.test(d.body)) continue;
    const entries = new Map(
      [...d.body.matchAll(/\b(\w+):\s*'([^']+)'/g)].map((e) => [e[1]!, e[2]!] as [string, string]),
    );
    if (entries.size > 0) d.entries = entries;
  }
  return out;
}

/** An import or a re-export names an ability without using it. */
const importStatement = /\bimport\s+(?:type\s+)?[^;]*?\bfrom\s*'[^']*';/g;
const reexport = /export\s*(?:type\s*)?\{[^}]*\}\s*from\s*'[^']*';/g;
const escapeName = (s: string) => s.replace(/[$]/g, '\\$');

/**
 * The permissions a service, route or job actually decides with. A permission counts when it is spelt in (or
 * reached through its map from) a policy declaration that some non-policy, non-test file references (a
 * re-export in an index.ts is no use), or in a declaration such a used one references; or when a file outside
 * the policies reads its map entry (`loadCase(ctx, id, casePermissions.update)`, through an alias too). A map
 * entry no ability and no caller reads is not used, even though its string appears in a policy file.
 */
function usedPermissions(policies: { path: string; text: string }[], callers: string[]): Set<string> {
  const decls = policies.flatMap((p) => declarationsOf(p.text).map((d) => ({ ...d, file: p.path })));
  const callerText = callers.map((t) => t.replace(reexport, '').replace(importStatement, '')).join('\n');
  const refersTo = (text: string, name: string) => new RegExp(`(?<![\\w$.])${escapeName(name)}(?![\\w$])`).test(text);
  // Aliases of a map outside the policies: `import { agencyPermissions as P }`, `const P = casePermissions;`.
  const aliases = new Map<string, string[]>();
  for (const m of callers
    .join('\n')
    .matchAll(/\b([A-Za-z_$][\w$]*) as ([A-Za-z_$][\w$]*)\b|\bconst ([A-Za-z_$][\w$]*) = ([A-Za-z_$][\w$]*);/g)) {
    const [from, to] = m[1] ? [m[1], m[2]!] : [m[4]!, m[3]!];
    aliases.set(from, [...(aliases.get(from) ?? []), to]);
  }
  const used = new Set<string>();
  const live = new Set(decls.filter((d) => !d.entries && refersTo(callerText, d.name)));
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of decls) {
      if (d.entries || live.has(d)) continue;
      if ([...live].some((l) => l.file === d.file && l !== d && refersTo(l.body.replace(/^[^=(]*/, ''), d.name))) {
        live.add(d);
        grew = true;
      }
    }
  }
  const maps = decls.filter((d) => d.entries);
  for (const d of live) {
    for (const p of literalsOf(d.body)) used.add(p);
    for (const map of maps.filter((m) => m.file === d.file || refersTo(d.body, m.name))) {
      // The whole map handed on (`Object.values(P)`) uses every entry; `P.read` uses that one.
      if (new RegExp(`(?<![\\w$.])${escapeName(map.name)}(?![\\w$.:])`).test(d.body.replace(/^[^=(]*/, '')))
        for (const p of map.entries!.values()) used.add(p);
      for (const [key, p] of map.entries!) if (d.body.includes(`${map.name}.${key}`)) used.add(p);
    }
  }
  for (const map of maps) {
    for (const name of [map.name, ...(aliases.get(map.name) ?? [])]) {
      for (const [key, p] of map.entries!)
        if (new RegExp(`(?<![\\w$.])${escapeName(name)}\\.${key}(?![\\w$])`).test(callerText)) used.add(p);
    }
  }
  return used;
}

describe('permissions', () => {
  it('finds a policy file in every module that decides access', () => {
    expect(policyFiles.length).toBeGreaterThanOrEqual(20);
    const modulesDeciding = new Set(
      files
        .filter(
          (f) =>
            /modules\/[^/]+\//.test(rel(f)) && /\b(requireAccess|scopeFilter|loadCase)\(/.test(readFileSync(f, 'utf8')),
        )
        .map((f) => rel(f).split('/')[1]!),
    );
    const withPolicy = new Set(policyFiles.map((f) => rel(f).split('/')[1]!));
    expect([...modulesDeciding].filter((m) => !withPolicy.has(m))).toEqual([]);
  });

  it('checks in policies only permissions some role grants', () => {
    const unknown = policyFiles.flatMap((f) =>
      literalsOf(readFileSync(f, 'utf8'))
        .filter((p) => !granted.has(p))
        .map((p) => `${rel(f)}: ${p}`),
    );
    expect(unknown).toEqual([]);
  });

  it('uses every permission a role grants: through an ability or a permission-map entry that a service calls', () => {
    const used = usedPermissions(
      policyFiles.map((f) => ({ path: rel(f), text: readFileSync(f, 'utf8') })),
      files
        .filter((f) => !f.endsWith('.policy.ts') && !f.endsWith('users.roles.ts'))
        .map((f) => readFileSync(f, 'utf8')),
    );
    const unused = [...granted].filter((p) => !used.has(p));
    expect(unused).toEqual([]);
  });

  it('spells no permission inline where access is decided outside the policy files', () => {
    const inline = files
      .filter((f) => !f.endsWith('.policy.ts') && !f.endsWith('users.roles.ts'))
      .flatMap((f) => inlinePermissions(readFileSync(f, 'utf8')).map((c) => `${rel(f)}: ${c}`));
    expect(inline).toEqual([]);
  });

  it('declares each built-in role with permissions only (no role grants an unknown permission)', () => {
    for (const [key, role] of Object.entries(builtinRoles)) {
      for (const p of role.permissions) expect(granted.has(p), `${key}: ${p}`).toBe(true);
    }
  });
});

describe('the checks themselves', () => {
  it('see an inline permission in a deciding call and ignore other strings', () => {
    expect(inlinePermissions("await requireAccess(ctx, 'cases.read');")).toEqual(["requireAccess(… 'cases.read' …)"]);
    expect(inlinePermissions("const row = await loadCase(ctx, id, 'cases.update');")).toHaveLength(1);
    expect(inlinePermissions("actor.permissions.has('cases.approve')")).toHaveLength(1);
    expect(inlinePermissions("await appendAudit(tx, ctx, { action: 'cases.create' });")).toEqual([]);
    expect(inlinePermissions('await requireAccess(ctx, P.read);')).toEqual([]);
  });

  it('count a permission only when a used ability or a caller reaches it', () => {
    const policy = {
      path: 'modules/x/x.policy.ts',
      text: [
        "import { requireAccess } from '../../platform/access.js';",
        'export const xPermissions = {',
        "  read: 'x.read',",
        "  manage: 'x.manage',",
        "  export: 'x.export',",
        '} as const;',
        'const resource = (id: string) => ({ type: "x", id, agencyId: id });',
        'export const requireReadX = (ctx: Context, id: string) => requireAccess(ctx, xPermissions.read, resource(id));',
        'export const requireExportX = (ctx: Context) => requireAccess(ctx, xPermissions.export);',
      ].join('\n'),
    };
    const service = "import { requireReadX } from './x.policy.js';\nawait requireReadX(ctx, id);";
    /** An import or a re-export names an ability without using it. */
    const importStatement = /\bimport\s+(?:type\s+)?[^;]*?\bfrom\s*'[^']*';/g;
    const reexport = "export { requireExportX, xPermissions } from './x.policy.js';";
    // x.manage is spelt in the policy file but nothing reads it; requireExportX is only re-exported.
    expect([...usedPermissions([policy], [service, reexport])].sort()).toEqual(['x.read']);
    // A caller reading the map entry (also through an alias) uses it, and so does calling the ability.
    const direct = "import { xPermissions as P } from './x.policy.js';\nawait loadCase(ctx, id, P.manage);";
    const exporting = 'await requireExportX(ctx);';
    expect([...usedPermissions([policy], [service, direct, exporting])].sort()).toEqual([
      'x.export',
      'x.manage',
      'x.read',
    ]);
    expect([...usedPermissions([policy], [])]).toEqual([]);
    // An import that is never called is no use either.
    expect([...usedPermissions([policy], ["import { requireExportX } from './x.policy.js';"])]).toEqual([]);
  });

  it('reject a misspelt permission at compile time', () => {
    const ctx = {} as Context;
    const typo = () => {
      // @ts-expect-error: 'cases.reed' is no permission
      void requireAccess(ctx, 'cases.reed');
      // @ts-expect-error: 'tips.manages' is no permission
      void scopeFilter(ctx, 'tips.manages');
      // @ts-expect-error: any string is not a permission
      can(ctx, 'x' as string);
    };
    const real: Permission = 'cases.read';
    expect(typeof typo).toBe('function');
    expect(granted.has(real)).toBe(true);
  });
});
