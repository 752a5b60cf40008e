import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  // No react → preact/compat aliases: the twin renders real React (tests/twin/react/).
  plugins: [WxtVitest(), preact({ reactAliasesEnabled: false })],
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}', '**/*.unit.test.{ts,tsx}'],
    exclude: ['node_modules/**', '.output/**', 'tests/e2e/**'],
    environment: 'happy-dom',
    testTimeout: 20_000,
  },
});
