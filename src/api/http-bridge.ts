import type { Api } from '../../electron/registry'
import type { Failure } from '../../electron/registry/result'

/**
 * `window.api` for a plain browser talking to the loopback test host: `api.community.overview()`
 * becomes POST /api/community.overview. Built with a Proxy, so it needs no channel list of its own;
 * the host answers an unknown channel with a Chinese error. Calls go to the page's own origin, so
 * the browser sends the Origin header the host requires (it refuses /api calls without one).
 */
export function createHttpApi(base = ''): Api {
  const offline: Failure = {
    ok: false,
    code: 'OFFLINE',
    message: '连接不上本机的社区工作台服务，请确认它仍在运行后刷新页面。',
  }
  const moduleProxy = (module: string) =>
    new Proxy(
      {},
      {
        get: (_target, action) =>
          typeof action !== 'string' || action === 'then'
            ? undefined
            : async (input?: unknown) => {
                try {
                  const res = await fetch(`${base}/api/${module}.${action}`, {
                    method: 'POST',
                    headers: { 'content-type': 'application/json' },
                    body: input === undefined ? '' : JSON.stringify(input),
                  })
                  return await res.json()
                } catch {
                  return offline
                }
              },
      },
    )
  return new Proxy(
    {},
    { get: (_t, module) => (typeof module !== 'string' || module === 'then' ? undefined : moduleProxy(module)) },
  ) as Api
}
