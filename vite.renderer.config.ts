import { resolve } from 'node:path'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import type { UserConfig } from 'vite'

/**
 * The renderer's build, shared by electron-vite (the app) and the loopback test host (the browser).
 * Element Plus is imported per component (the resolver adds each component's CSS), so the first
 * screen stays small; module screens are lazy routes.
 */
export const rendererConfig: UserConfig = {
  root: resolve(__dirname, 'src'),
  base: './',
  plugins: [vue(), Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false })],
  resolve: { alias: { '@': resolve(__dirname, 'src') } },
  build: {
    outDir: resolve(__dirname, 'out/renderer'),
    emptyOutDir: true,
    rollupOptions: {
      input: { index: resolve(__dirname, 'src/index.html') },
    },
  },
}

export default rendererConfig
