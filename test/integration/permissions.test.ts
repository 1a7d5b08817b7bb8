/**
 * Who may do what lives in the modules' policy files (`<m>.policy.ts`), and only real permissions exist:
 * every permission a policy checks is granted by some role (or is a declared role setting), every permission a
 * role grants is checked by some policy, and no other file spells a permission where access is decided.
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

  it('checks every permission a role grants somewhere', () => {
    const checked = new Set(policyFiles.flatMap((f) => literalsOf(readFileSync(f, 'utf8'))));
    const unchecked = [...granted].filter((p) => !checked.has(p));
    expect(unchecked).toEqual([]);
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
