import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// Layer boundaries from docs/architecture.md (house style §3). Generated protobuf types stay behind
// lib/hubble, lib/cilium and lib/sim; components never reach the server side.
const serverOnly = [
  '@/lib/hubble/*',
  '@/lib/cilium/*',
  '@/lib/server/*',
  '@/lib/sim/*',
  '@/proto/*',
  '@/proto/**',
];
const protoGen = ['@/proto/gen/*', '@/proto/gen/**', '**/proto/gen/**'];
const nodeAndFramework = ['react', 'react-dom', 'next', 'next/*', 'node:*', '@grpc/*'];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    'proto/gen/**',
    '.next/**',
    'node_modules/**',
    'coverage/**',
    'test-results/**',
    'playwright-report/**',
    'next-env.d.ts',
  ]),
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The theme bootstrap must run synchronously before first paint (no theme flash); it is a
    // same-origin file so that no markup is ever injected with dangerouslySetInnerHTML.
    files: ['app/layout.tsx'],
    rules: { '@next/next/no-sync-scripts': 'off' },
  },
  {
    files: ['components/**', 'app/**/*.tsx', 'lib/client/**'],
    ignores: ['app/api/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...serverOnly, ...protoGen],
              message: 'UI code reaches data through lib/client hooks and lib/model types only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['lib/model/**', 'lib/aggregate/**', 'lib/query/**'],
    // Tests may decode the real samples with the real decoder; the modules themselves stay pure.
    ignores: ['**/*.test.ts', '**/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...nodeAndFramework, ...serverOnly, ...protoGen],
              message: 'lib/model, lib/query and lib/aggregate are pure and isomorphic.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['lib/server/**', 'app/api/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: protoGen,
              message: 'Only lib/hubble, lib/cilium and lib/sim import proto/gen.',
            },
          ],
        },
      ],
    },
  },
]);
