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
      // The built CLI end to end where no kernel is needed (usage errors, help): on the host.
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 120_000 } },
      { extends: true, test: { name: 'kernel', include: ['test/kernel/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 } },
      { extends: true, test: { name: 'cli', include: ['test/cli/**/*.test.ts'], testTimeout: 120_000 } },
      // Minutes-long kernel runs (RFC 6070's 2^24 iterations): `npm run test:long`, not in `npm test`.
      { extends: true, test: { name: 'long', include: ['test/long/**/*.test.ts'], testTimeout: 3_600_000 } },
      {
        extends: true,
        test: { name: 'vm', include: ['test/vm/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 600_000, fileParallelism: false },
      },
    ],
  },
});
