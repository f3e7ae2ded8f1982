import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The desktop app embeds dist/ (//go:embed all:frontend/dist) and `trailbook serve`
// serves it from an arbitrary path, so every asset URL must be relative.
export default defineConfig({
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
    assetsInlineLimit: 0,
  },
  server: {
    port: 5173,
    strictPort: true,
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
