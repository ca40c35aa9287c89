import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { rendererConfig } from './vite.renderer.config'

/**
 * Three bundles: main (Node, Electron), preload (sandboxed: everything bundled, only `electron`
 * may be required at run time) and the renderer (shared with the browser test host).
 * sqlite3 stays external in main: it is a native addon loaded from node_modules. Main has two more
 * entries, the export worker, which worker_threads loads from a file of its own, and the side
 * process of backups and integrity checks, which Electron's utility process loads.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          // The export worker thread (electron/registry/export-jobs.ts starts it as out/main/export-worker.js).
          'export-worker': resolve(__dirname, 'electron/registry/export-worker.ts'),
          // The low-priority process of backups and integrity checks (electron/database/side-process.ts
          // starts it as out/main/side-task.js).
          'side-task': resolve(__dirname, 'electron/database/side-task.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') } },
    },
  },
  renderer: rendererConfig,
})
