import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tmp/**', 'screenshots/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    rules: {
      'vue/block-lang': ['error', { script: { lang: 'ts' } }],
      'vue/multi-word-component-names': 'off',
      // Formatting is Prettier's job.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Architecture invariant 1: only the shell imports Electron (tests of the shell mock it).
    files: ['electron/**/*.ts', 'src/**/*.ts', 'src/**/*.vue'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: '只有 electron/main 和 electron/preload 可以引用 electron。' }],
          patterns: [{ group: ['@electron-toolkit/preload'], message: '不要把 ipcRenderer 暴露给界面。' }],
        },
      ],
    },
  },
  {
    // The renderer reaches the main process only through window.api.
    files: ['src/**/*.ts', 'src/**/*.vue'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: '界面代码不能引用 electron，请通过 window.api 调用。' }],
          patterns: [
            {
              // What both sides import by value lives in shared/ (plain TS; boundaries.test.ts holds it to that).
              regex: '(^|/)electron/(?!.*\\.d(\\.ts)?$)',
              allowTypeImports: true,
              message: '界面只能引用 electron/ 下的类型（import type）。',
            },
          ],
        },
      ],
    },
  },
)
