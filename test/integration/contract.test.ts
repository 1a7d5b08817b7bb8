/**
 * One contract: the web app's picklists are the server's (src/contract/), so renaming a value on the
 * server breaks the web's type check. Shown here by renaming a referral status in a copy of the tree
 * and type-checking the web's referral model against it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
