import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

// The tools refuse what the README's "Layout" says the layers may not do. Each case lints (or
// type-checks) a bad file and its clean twin, so a rule that stopped working fails here.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const eslint = new ESLint({ cwd: root });
// An existing feature file: the typed rules need a file the TypeScript project knows.
const featureFile = join(root, 'src/features/connections/describe.ts');

async function ruleIds(code: string, filePath = featureFile): Promise<(string | null)[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId);
}

const cleanup: string[] = [];
afterAll(() => {
  for (const path of cleanup) rmSync(path, { recursive: true, force: true });
});

describe('npm run lint refuses', () => {
  it('a feature importing src/app (the composition root)', async () => {
    expect(await ruleIds("export { routes } from '../../app/routes';\n")).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds("export { paths } from '../../routing/paths';\n")).toEqual([]);
  });

  it('a feature importing another feature', async () => {
    expect(await ruleIds("export { ConnectPage } from '../connect/connect-page';\n")).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds("export { connectedAs } from './describe';\n")).toEqual([]);
  });

  it('a floating promise in src/', async () => {
    const declare = 'async function save(): Promise<void> {}\n';
    expect(await ruleIds(`${declare}export function go() {\n  save();\n}\n`)).toContain(
      '@typescript-eslint/no-floating-promises',
    );
    expect(await ruleIds(`${declare}export async function go() {\n  await save();\n}\n`)).toEqual(
      [],
    );
  });

  it('an import cycle', async () => {
    const folder = join(root, `src/features/lint-probe-${process.pid}`);
    cleanup.push(folder);
    mkdirSync(folder, { recursive: true });
    const a = join(folder, 'a.ts');
    const b = join(folder, 'b.ts');
    writeFileSync(a, "import { b } from './b';\nexport const a = (): number => b() + 1;\n");
    writeFileSync(b, "import { a } from './a';\nexport const b = (): number => a() - 1;\n");
    const cyclic = await eslint.lintFiles([a]);
    expect(cyclic[0]?.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle');
    writeFileSync(b, 'export const b = (): number => 1;\n');
    const acyclic = await new ESLint({ cwd: root }).lintFiles([a]);
    expect(acyclic[0]?.messages.map((m) => m.ruleId)).toEqual([]);
  });
});

describe('npm run typecheck refuses', () => {
  /** Type-checks one file with tsconfig.sandbox.json's options, after checking it covers it. */
  function sandboxErrors(name: string, source: string): string[] {
    const file = join(root, 'sandbox/twins/lib', name);
    cleanup.push(file);
    writeFileSync(file, source);
    const config = ts.getParsedCommandLineOfConfigFile(
      join(root, 'tsconfig.sandbox.json'),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => expect.fail(String(d.messageText)) },
    );
    expect(config?.fileNames).toContain(file);
    const program = ts.createProgram([file], config?.options ?? {});
    return ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName === file)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }

  it('a type error in the sandbox', () => {
    const wrong = sandboxErrors(
      `probe-${process.pid}-wrong.mjs`,
      "/** @type {number} */\nexport const port = 'not a number';\n",
    );
    expect(wrong).toEqual(["Type 'string' is not assignable to type 'number'."]);
    const right = sandboxErrors(
      `probe-${process.pid}-right.mjs`,
      '/** @type {number} */\nexport const port = 9010;\n',
    );
    expect(right).toEqual([]);
  });
});
