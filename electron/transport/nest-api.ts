/**
 * Turns the flat channel list ('community.saveProfile', …) into the nested `window.api` object
 * (`api.community.saveProfile(input)`), each function forwarding to `invoke`. Used by the preload;
 * kept free of Electron so it is unit-tested in plain Node.
 */
export const CHANNELS_ARG = '--community-desk-channels='

export type Invoke = (channel: string, input: unknown) => Promise<unknown>

export function nestApi(
  channels: readonly string[],
  invoke: Invoke,
): Record<string, Record<string, (input?: unknown) => Promise<unknown>>> {
  const api: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {}
  for (const channel of channels) {
    const [module, action] = channel.split('.')
    if (!module || !action) continue
    api[module] ??= {}
    api[module][action] = (input?: unknown) => invoke(channel, input)
  }
  return api
}

export function channelsFromArgv(argv: readonly string[]): string[] {
  const arg = argv.find((a) => a.startsWith(CHANNELS_ARG))
  return arg ? arg.slice(CHANNELS_ARG.length).split(',').filter(Boolean) : []
}
