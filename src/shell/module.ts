import type { Component } from 'vue'
import type { RouteRecordRaw } from 'vue-router'
import type { Role } from '../../shared/operators'

/**
 * The sidebar's groups, in the order a clerk sees them. A group shows only once a module puts an
 * entry in it, so a module that is not built yet never appears.
 */
export const NAV_GROUPS = ['议事协商', '合伙人与基金', '调解', '提案大赛', '基础资料'] as const
export type NavGroup = (typeof NAV_GROUPS)[number]

/** A route's place in the sidebar: its group, its order inside the group, its icon. */
export interface NavPlace {
  group: NavGroup
  /** Smaller comes first inside the group. */
  order: number
  /** An icon component from @element-plus/icons-vue (the module imports the one it uses). */
  icon: Component
  /** The sidebar label; the route's title when left out. */
  label?: string
}

declare module 'vue-router' {
  interface RouteMeta {
    /** Shown in the top bar and the window title. */
    title: string
    /** A page that fills the whole window (projector, print pages), without the sidebar. */
    bare?: boolean
    /** Present on a route the sidebar links to. */
    nav?: NavPlace
    /**
     * Only operators holding one of these marks may open it (the casebook: 调解员 or 主任): the
     * sidebar hides it from the others and the router turns them back to 首页. The main process
     * refuses the module's calls by the same rule (its DeskModule's access), whatever the page does.
     */
    roles?: readonly Role[]
  }
}

/** What a renderer module contributes: its routes, each with its sidebar place if it has one. */
export interface DeskModule {
  name: string
  routes: RouteRecordRaw[]
}

/** Declares a module; only a type check, so a module's routes file reads as plain data. */
export function defineModule(module: DeskModule): DeskModule {
  return module
}

/** One sidebar link. */
export interface NavEntry {
  path: string
  label: string
  icon: Component
  group: NavGroup
  order: number
}

/**
 * The sidebar: every module's linked routes the operator may open (`may`, by the route's roles),
 * grouped in NAV_GROUPS order; empty groups left out.
 */
export function sidebarGroups(
  modules: readonly DeskModule[],
  may: (roles: readonly Role[] | undefined) => boolean = () => true,
): Array<{ group: NavGroup; entries: NavEntry[] }> {
  const entries: NavEntry[] = modules.flatMap((m) =>
    m.routes.flatMap((r) =>
      r.meta?.nav && may(r.meta.roles)
        ? [
            {
              path: r.path,
              label: r.meta.nav.label ?? r.meta.title,
              icon: r.meta.nav.icon,
              group: r.meta.nav.group,
              order: r.meta.nav.order,
            },
          ]
        : [],
    ),
  )
  return NAV_GROUPS.map((group) => ({
    group,
    entries: entries.filter((e) => e.group === group).sort((a, b) => a.order - b.order),
  })).filter((g) => g.entries.length > 0)
}

/**
 * The sidebar link a path belongs to: the longest link path that is the path itself or a folder
 * above it (/meetings/12 → /meetings, /meetings/holidays → /meetings/holidays); 首页 only for '/'.
 */
export function activeLink(paths: readonly string[], current: string): string | undefined {
  return paths
    .filter((p) => (p === '/' ? current === '/' : current === p || current.startsWith(`${p}/`)))
    .sort((a, b) => b.length - a.length)[0]
}
