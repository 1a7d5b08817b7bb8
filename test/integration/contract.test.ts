/**
 * One contract: the web app's picklists are the server's (src/contract/), and its response types are
 * generated from the server's OpenAPI document (src/web/api/schema.d.ts), so renaming a value on the
 * server breaks the web's type check. Shown here in copies of the tree: a referral status renamed in
 * src/contract, and a task status renamed in the generated contract as `npm run contract` would after the
 * server's schema changed (the OpenAPI test fails while the committed file is stale), and a consent purpose
 * renamed in that generated contract while the shared picklist keeps it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'pulih-contract-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A change to one file of the copied tree: its path, the text it must hold, and what that text becomes. */
interface Rename {
  file: string;
  from: string;
  to: string;
}

/** Type-checks the referral and consent model alone, with the shared picklists and the generated contract. */
function typeCheckWebModel(name: string, rename?: Rename): { status: number | null; output: string } {
  const tree = join(work, name);
  cpSync(join(root, 'src/contract'), join(tree, 'src/contract'), { recursive: true });
  for (const file of ['src/web/pages/referrals/model.ts', 'src/web/api/types.ts', 'src/web/api/schema.d.ts']) {
    cpSync(join(root, file), join(tree, file));
  }
  if (rename) {
    const file = join(tree, rename.file);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(rename.from);
    writeFileSync(file, text.replaceAll(rename.from, rename.to));
  }
  writeFileSync(join(tree, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(
    join(tree, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2023',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        verbatimModuleSyntax: true,
        skipLibCheck: true,
        types: [],
      },
      include: ['src'],
    }),
  );
  const tsc = join(root, 'node_modules/.bin/tsc');
  const result = spawnSync(tsc, ['--noEmit', '-p', join(tree, 'tsconfig.json')], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('one contract from server to web', () => {
  it('type-checks the web model against the server’s picklists as they are', () => {
    const { status, output } = typeCheckWebModel('as-is');
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('fails the web’s type check when the server renames an enum value', () => {
    const { status, output } = typeCheckWebModel('renamed', {
      file: 'src/contract/referrals.ts',
      from: "'completed'",
      to: "'finished'",
    });
    expect(status).not.toBe(0);
    expect(output).toMatch(/model\.ts.*completed/);
  });

  it('fails the web’s type check when the OpenAPI document renames a consent purpose', () => {
    // As `npm run contract` would write it after the server's schema changed, while the picklist did not.
    const { status, output } = typeCheckWebModel('consent-renamed', {
      file: 'src/web/api/schema.d.ts',
      from: '"statistics" | "cross_border_transfer"',
      to: '"statistics" | "transfer_abroad"',
    });
    expect(status).not.toBe(0);
    expect(output).toMatch(/model\.ts.*cross_border_transfer/);
  });
});

/**
 * Type-checks the case page's task tab in a copy of the web app whose generated contract says the task
 * status `done` is now `completed` (the server's taskSchema is the only place that enum is written).
 */
function typeCheckTasksTab(renameDone: boolean): { status: number | null; output: string } {
  const tree = join(work, renameDone ? 'web-renamed' : 'web-as-is');
  cpSync(join(root, 'src/web'), join(tree, 'src/web'), { recursive: true });
  cpSync(join(root, 'src/contract'), join(tree, 'src/contract'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'), 'dir');
  if (renameDone) {
    const file = join(tree, 'src/web/api/schema.d.ts');
    const text = readFileSync(file, 'utf8');
    const taskStatus = 'status: "open" | "done" | "cancelled";';
    expect(text).toContain(taskStatus);
    writeFileSync(file, text.replaceAll(taskStatus, 'status: "open" | "completed" | "cancelled";'));
  }
  const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
  writeFileSync(join(tree, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(
    join(tree, 'tsconfig.json'),
    JSON.stringify({ compilerOptions, include: ['src/web/pages/cases/TasksTab.tsx'] }),
  );
  const tsc = join(root, 'node_modules/.bin/tsc');
  const result = spawnSync(tsc, ['--noEmit', '-p', join(tree, 'tsconfig.json')], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('one contract: the web’s response types are generated from the OpenAPI document', () => {
  // Type-checking a page with its imports takes a while on a busy machine.
  it('type-checks the task tab against the generated contract as it is', { timeout: 300_000 }, () => {
    const { status, output } = typeCheckTasksTab(false);
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('fails the web’s type check when the server renames a task status', { timeout: 300_000 }, () => {
    const { status, output } = typeCheckTasksTab(true);
    expect(status).not.toBe(0);
    expect(output).toMatch(/TasksTab\.tsx.*TS2367.*"done"/);
  });
});

/**
 * Type-checks one line of a page, `can(…)` of the signed-in user, in a copy of the web app: the permissions are
 * the enum the OpenAPI document gives auth.me (the role table's), so a misspelt permission, or one the server no
 * longer has, fails the web's type check.
 */
function typeCheckCan(
  name: string,
  permission: string,
  renameInContract?: Rename,
): { status: number | null; output: string } {
  const tree = join(work, name);
  cpSync(join(root, 'src/web'), join(tree, 'src/web'), { recursive: true });
  cpSync(join(root, 'src/contract'), join(tree, 'src/contract'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'), 'dir');
  if (renameInContract) {
    const file = join(tree, renameInContract.file);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(renameInContract.from);
    writeFileSync(file, text.replaceAll(renameInContract.from, renameInContract.to));
  }
  writeFileSync(
    join(tree, 'src/web/probe.ts'),
    `import { useAuth } from './auth.js';\nexport const mayRead = () => useAuth().can('${permission}');\n`,
  );
  const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
  writeFileSync(join(tree, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(join(tree, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src/web/probe.ts'] }));
  const tsc = join(root, 'node_modules/.bin/tsc');
  const result = spawnSync(tsc, ['--noEmit', '-p', join(tree, 'tsconfig.json')], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('one contract: `can(…)` takes only the permissions the server has', () => {
  it('type-checks a real permission', { timeout: 300_000 }, () => {
    const { status, output } = typeCheckCan('can-as-is', 'tips.read');
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('fails the web’s type check for a misspelt permission', { timeout: 300_000 }, () => {
    const { status, output } = typeCheckCan('can-typo', 'tips.raed');
    expect(status).not.toBe(0);
    expect(output).toMatch(/probe\.ts.*TS2345.*"tips\.raed"/);
  });

  it('fails the web’s type check when the server no longer has the permission', { timeout: 300_000 }, () => {
    // As `npm run contract` would write auth.me after the role table renamed the permission.
    const { status, output } = typeCheckCan('can-renamed', 'tips.read', {
      file: 'src/web/api/schema.d.ts',
      from: '"tips.read"',
      to: '"tips.view"',
    });
    expect(status).not.toBe(0);
    expect(output).toMatch(/probe\.ts.*TS2345.*"tips\.read"/);
  });
});
