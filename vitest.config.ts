import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(__dirname) } },
  test: {
    include: [
      'deploy/**/*.test.ts',
      'lib/**/*.test.ts',
      'components/**/*.test.ts',
      'proto/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests bind loopback gRPC servers; two cores, so keep parallelism modest.
    maxWorkers: 2,
  },
});
