// ESLint for minhbach (flat config). `npm run lint` runs it with `prettier --check`; .ci/run fails on it.
//
// What it is for, and why each part is here:
// 1. Promises: an un-awaited promise is a silent failure (a transaction that commits after the response, an
//    error nobody sees, an unhandled rejection that kills the process). typescript-eslint with type information.
// 2. Regular expressions: this service runs hostile text through regexes; a super-linear one is a denial of
//    service (eslint-plugin-regexp). In src/ that is an error, always.
// 3. The layers of ARCHITECTURE.md ("Rules of the layout"), checked on every import (eslint-plugin-import-x).
// Formatting is Prettier's job (.prettierrc.json), so no stylistic rules here.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import { defineConfig, globalIgnores } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

// Every Node built-in but crypto (fs, fs/promises, net, http, child_process, worker_threads, timers, …).
const NODE_BUILTINS_BUT_CRYPTO = builtinModules.filter((m) => m !== 'crypto');

// Test code: suites, and files that only tests load. They may reach past the layers (set up a database row
// through a repository, read what a service wrote) because that is what they check.
const TEST_FILES = ['**/*.test.ts', '**/test-fixtures.ts', 'test/**', 'bench/**'];

export default defineConfig([
  globalIgnores(['node_modules/', 'data/', '.tmp/', 'bench/results/', 'verifier/minhbach-verify.mjs', 'coverage/', 'web/dist/']),

  // Plain JavaScript (this file, bench/match-speed/worker-entry.mjs): ESLint's recommended rules, no types.
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },

  // TypeScript, with the type checker (projectService reads tsconfig.json, which includes src, test, bench,
  // verifier and vitest.config.ts). Only the rules below: the type checker already does the rest.
  {
    files: ['**/*.{ts,tsx}'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: {
      // A promise is awaited, returned, or handed to something that handles its rejection. Where
      // fire-and-forget is meant, `void promise` says so (with a comment saying why it is safe).
      '@typescript-eslint/no-floating-promises': 'error',
      // No promise where a boolean or a void callback is expected (`if (promise)`, an async function given to
      // an event emitter or a timer, whose rejection nobody catches). Fastify's hooks and handlers are typed
      // to return a promise, so they pass.
      '@typescript-eslint/no-misused-promises': 'error',
      // `await` on something that is not a promise is a mistake about what a function returns.
      '@typescript-eslint/await-thenable': 'error',
      // Inside try/catch/finally `return promise` escapes the catch and runs the finally too early;
      // `return await` does not. (Only that: elsewhere either form is fine.)
      '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
      // Throw errors (AppError and friends), not strings: the problem+json table and stack traces need them.
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
    },
  },

  // Regular expressions, everywhere: the plugin's recommended set (correctness and clarity)…
  regexp.configs.recommended,
  {
    files: ['**/*.{ts,js,mjs}'],
    rules: {
      // …plus what it leaves out: a regex that moves across its input super-linearly (each start position
      // re-scanning the rest, like /\s+$/ on a long run of spaces) is as much a denial of service as one
      // that backtracks.
      'regexp/no-super-linear-move': 'error',
      'regexp/no-super-linear-backtracking': 'error',
      // …less its pure style preferences ([0-9] or \d, [a-zA-Z] or the i flag): rewriting working patterns
      // in a security-sensitive code base for taste is risk without gain.
      'regexp/prefer-d': 'off',
      'regexp/prefer-w': 'off',
      'regexp/use-ignore-case': 'off',
      'regexp/prefer-range': 'off',
      'regexp/prefer-character-class': 'off',
      'regexp/negation': 'off',
      // Validation here matches control characters on purpose (to refuse them: NUL, C0 in URLs and notes).
      'no-control-regex': 'off',
      // A combining mark written as an escape (\u034F, \uFE00-\uFE0F in the Vietnamese normalizer) is in
      // the class on purpose, to be matched alone; one typed as itself is still reported.
      'no-misleading-character-class': ['error', { allowEscape: true }],
    },
  },
  {
    // Tests, benchmarks and build scripts read our own fixtures, not hostile input; a slow pattern there is
    // a slow test, not an outage. Still reported, but does not fail the build.
    files: TEST_FILES.concat(['verifier/build.ts', 'vitest.config.ts']),
    rules: {
      'regexp/no-super-linear-move': 'warn',
      'regexp/no-super-linear-backtracking': 'warn',
    },
  },

  // The layers (ARCHITECTURE.md, "Rules of the layout").
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // Our imports name the .ts file itself (allowImportingTsExtensions), so Node's resolution finds them.
      'import-x/resolver-next': [createNodeResolver()],
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: root,
          zones: [
            {
              target: 'src/core/**',
              from: ['src/!(core)/**', 'src/*', 'bench/**', 'verifier/**'],
              message: 'src/core is pure: it imports nothing of ours from outside src/core.',
            },
            {
              // Tests of the core may use vitest, fast-check and the test harness (test/shared-data.ts finds
              // the shared fixtures); the core itself uses no package at all.
              target: 'src/core/**/!(*.test).ts',
              from: ['node_modules/**', 'test/**'],
              message: 'src/core is pure: no framework, no package, no test harness (its tests may use them).',
            },
            {
              // SQL is reached through a use case, which checks access and owns the transaction. Tests and
              // benchmarks (TEST_FILES) may call repositories directly: they set up and inspect state.
              target: ['src/!(services|repositories)/**/!(*.test|test-fixtures).ts', 'src/*.ts'],
              from: ['src/repositories/**'],
              message: 'Repositories are used only by src/services: call a service (it checks access and begins the transaction).',
            },
            {
              // The layers point downwards: http/cli → services → repositories → db. (Tests may test a
              // layer through the one above it.)
              target: ['src/{services,repositories,db,text,images}/**/!(*.test|test-fixtures).ts'],
              from: ['src/http/**', 'src/cli/**', 'src/main.*'],
              message: 'Lower layers do not import the HTTP or CLI edge.',
            },
            {
              target: ['src/{repositories,db}/**/!(*.test|test-fixtures).ts'],
              from: ['src/services/**'],
              message: 'Repositories and the database hold SQL only; they do not call services.',
            },
            {
              // Outbound requests (src/net/safe-fetch.ts: the SSRF checks) are made by use cases, which decide
              // who may reach what; the edge asks a service.
              target: ['src/!(services|net)/**/!(*.test|test-fixtures).ts', 'src/*.ts'],
              from: ['src/net/**'],
              message: 'src/net is used only by src/services: call a service.',
            },
            {
              target: ['src/net/**/!(*.test).ts'],
              from: ['src/!(core|net)/**', 'src/*'],
              message: 'src/net uses only src/core: it knows nothing of services, repositories or the edge.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // Cycles make initialization order matter (a `const` read before it is set) and blur the layers.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // The core's I/O boundary, for what the path rules cannot see: Node built-ins. The core may hash
    // (node:crypto: SHA-256, Ed25519, random ids) and nothing else: no files, network, processes, threads,
    // timers. Tests of the core may read their fixtures.
    files: ['src/core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(node:)?(${NODE_BUILTINS_BUT_CRYPTO.join('|')})$`,
              message: 'src/core is pure: of the Node built-ins it uses only node:crypto (no I/O). Do the I/O in a service and pass the data in.',
            },
          ],
        },
      ],
    },
  },
]);
