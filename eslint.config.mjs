import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// Layer boundaries from docs/architecture.md (house style §3). Generated protobuf types stay behind
// lib/hubble, lib/cilium and lib/sim; components never reach the server side.
const serverOnly = ['@/lib/hubble/*', '@/lib/cilium/*', '@/lib/server/*', '@/lib/sim/*', '@/proto/*', '@/proto/**'];
const protoGen = ['@/proto/gen/*', '@/proto/gen/**', '**/proto/gen/**'];
const nodeAndFramework = ['react', 'react-dom', 'next', 'next/*', 'node:*', '@grpc/*'];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores(['proto/gen/**', '.next/**', 'node_modules/**', 'coverage/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts']),
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['components/**', 'app/**/*.tsx', 'lib/client/**'],
    ignores: ['app/api/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: [...serverOnly, ...protoGen], message: 'UI code reaches data through lib/client hooks and lib/model types only.' }] }],
    },
  },
  {
    files: ['lib/model/**', 'lib/aggregate/**', 'lib/query/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: [...nodeAndFramework, ...serverOnly, ...protoGen], message: 'lib/model, lib/query and lib/aggregate are pure and isomorphic.' }] }],
    },
  },
  {
    files: ['lib/server/**', 'app/api/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: protoGen, message: 'Only lib/hubble, lib/cilium and lib/sim import proto/gen.' }] }],
    },
  },
]);
