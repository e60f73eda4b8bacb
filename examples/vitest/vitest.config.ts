import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // one specshift server for the files that share it (test/shared-*.test.ts); see global-setup.ts
    globalSetup: ['./global-setup.ts'],
  },
});
