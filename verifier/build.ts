/**
 * Builds the standalone verifier: src/verifier/main.ts and what it imports (the log library in
 * src/core/tlog, the verifier, its command) bundled into one dependency-free ES module that any
 * Node.js ≥ 20.19 runs. `npm run build:verifier` writes verifier/minhbach-verify.mjs, which
 * `npm pack ./verifier` packages as `minhbach-verify`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
export const VERIFIER_ENTRY = path.join(here, '../src/verifier/main.ts');
export const VERIFIER_OUTFILE = path.join(here, 'minhbach-verify.mjs');

export interface BuiltVerifier {
  outfile: string;
  bytes: number;
  /** Source files bundled, relative to the repository root. */
  inputs: string[];
  /** Modules left to the runtime (only Node built-ins are allowed). */
  external: string[];
}

export async function buildVerifier(outfile = VERIFIER_OUTFILE): Promise<BuiltVerifier> {
  const result = await build({
    entryPoints: [VERIFIER_ENTRY],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Node built-ins only: a package import would make the bundle depend on an install.
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0]!;
  const root = path.join(here, '..');
  const inputs = Object.keys(result.metafile.inputs).map((f) => path.relative(root, path.resolve(process.cwd(), f)).split(path.sep).join('/'));
  const external = [...new Set(output.imports.filter((i) => i.external).map((i) => i.path))].sort();
  return { outfile, bytes: output.bytes, inputs: inputs.sort(), external };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildVerifier();
  const bad = built.external.filter((m) => !m.startsWith('node:'));
  if (bad.length) {
    console.error(`the verifier must depend on Node built-ins only, but imports ${bad.join(', ')}`);
    process.exit(1);
  }
  console.log(`${path.relative(process.cwd(), built.outfile)}: ${(built.bytes / 1024).toFixed(1)} KB, ${built.inputs.length} source files, no dependencies`);
}
