import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['tests/component/**/*.test.{ts,tsx}'],
          setupFiles: ['tests/setup/dom.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          // The protocol core needs no DOM; Node's WebCrypto and fake-indexeddb stand in for the
          // browser's (jsdom's typed arrays come from another realm and trip WebCrypto callers).
          include: ['tests/unit/**/*.test.ts', 'tests/node/**/*.test.{ts,mts}'],
          setupFiles: ['tests/setup/node.ts'],
          testTimeout: 20_000,
        },
      },
    ],
  },
});
