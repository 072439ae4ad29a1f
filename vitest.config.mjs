import { defineConfig } from 'vitest/config';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The kernel suites also run inside the guest, where the project tree is read-only:
// keep every cache vitest/vite writes under the temporary directory.
export default defineConfig({
  cacheDir: join(tmpdir(), 'kcapi-vitest-cache'),
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'kernel', include: ['test/kernel/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 } },
      { extends: true, test: { name: 'cli', include: ['test/cli/**/*.test.ts'], testTimeout: 120_000 } },
      { extends: true, test: { name: 'vm', include: ['test/vm/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 600_000, fileParallelism: false } },
    ],
  },
});
