import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const nodeOnly = ['node:*', 'fs', 'path', 'child_process', 'os', 'better-sqlite3', 'electron', 'fastify', 'pg']

/** Layers are folders; these rules keep each folder to what it may import. */
export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "Property[key.name='shell'][value.value=true]", message: 'Never run a shell: pass an argv array.' }
      ]
    }
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../main/*', '../renderer/*', '../preload/*', ...nodeOnly], message: 'src/shared imports nothing of ours and no Node.' }] }]
    }
  },
  {
    files: ['src/main/core/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'core runs in plain Node: move Electron code to the shell.' }] }]
    }
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [{ group: [...nodeOnly, '**/main/**', '**/preload/**'], message: 'The renderer talks only through window.frontline.' }] }]
    }
  }
)
