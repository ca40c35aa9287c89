import { join } from 'node:path'

export const DATA_FILE_NAME = 'community-desk.sqlite'

/**
 * Where the data file lives: `--db <path>` (or `--db=<path>`), else $COMMUNITY_DESK_DB, else the
 * user's data folder (Windows: %APPDATA%\社区工作台\community-desk.sqlite).
 */
export function resolveDataFile(argv: readonly string[], env: NodeJS.ProcessEnv, userDataDir: string): string {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--db' && argv[i + 1]) return argv[i + 1]!
    if (a.startsWith('--db=')) return a.slice('--db='.length)
  }
  return env.COMMUNITY_DESK_DB || defaultDataFile(userDataDir)
}

/** The default location; only for it may the app create the folder (first run). */
export function defaultDataFile(userDataDir: string): string {
  return join(userDataDir, DATA_FILE_NAME)
}
