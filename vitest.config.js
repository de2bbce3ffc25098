// Vitest runs the unit tests of the pure JS helpers and the Node tests of the wasm package.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.js', 'tests/wasm/**/*.test.js'],
    environment: 'node',
    // The native-vs-wasm test may compile a small Rust example on a cold cache.
    testTimeout: 20_000,
    hookTimeout: 600_000,
  },
});
