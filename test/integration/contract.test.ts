/**
 * One contract: the web app's picklists are the server's (src/contract/), and its response types are
 * generated from the server's OpenAPI document (src/web/api/schema.d.ts), so renaming a value on the
 * server breaks the web's type check. Shown here in copies of the tree: a referral status renamed in
 * src/contract, and a task status renamed in the generated contract as `npm run contract` would after the
 * server's schema changed (the OpenAPI test fails while the committed file is stale).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'pulih-contract-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function typeCheckWebModel(renameCompleted: boolean): { status: number | null; output: string } {
  const tree = join(work, renameCompleted ? 'renamed' : 'as-is');
  cpSync(join(root, 'src/contract'), join(tree, 'src/contract'), { recursive: true });
  cpSync(join(root, 'src/web/pages/referrals/model.ts'), join(tree, 'src/web/pages/referrals/model.ts'));
  if (renameCompleted) {
    const file = join(tree, 'src/contract/referrals.ts');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain("'completed'");
    writeFileSync(file, text.replace("'completed'", "'finished'"));
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
    const { status, output } = typeCheckWebModel(false);
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('fails the web’s type check when the server renames an enum value', () => {
    const { status, output } = typeCheckWebModel(true);
    expect(status).not.toBe(0);
    expect(output).toMatch(/model\.ts.*completed/);
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
