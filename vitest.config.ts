import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          environment: 'node',
          // A few unit tests tokenize thousands of sentences; on a loaded 2-core machine the
          // default 5 s fails them for the machine's sake, not the code's.
          testTimeout: 20_000,
        },
      },
      {
        // Real transformers.js pipelines on the tiny models, in Node (onnxruntime-node).
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
