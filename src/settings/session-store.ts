import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { call, SESSION_CHANGED } from '../api/call'
import { attempt } from '../api/notify'
import type { Out } from '../api/types'
import { mayOpen, type Role } from '../../shared/operators'

export type SessionState = Out<'session.state'>

/** Browser events that mean somebody is at the keyboard. */
const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const

/**
 * Who is at the keyboard, as the main process says (the page never decides it): the start screen
 * while nobody is chosen, the lock screen after the office's idle time or 锁定, and the marks that
 * decide which screens the sidebar offers. While someone works, a sign of life reaches the main
 * process now and then (session.touch), so its own idle clock — the one that really refuses calls —
 * agrees with this page's.
 */
export const useSessionStore = defineStore('session', () => {
  const state = ref<SessionState | null>(null)
  const mode = computed(() => state.value?.mode ?? null)
  const operator = computed(() => state.value?.operator ?? null)
  let loading: Promise<void> | null = null
  let lastActivity = Date.now()
  let lastTouch = Date.now()
  let timer: number | undefined

  async function load(): Promise<void> {
    const value = await attempt(() => call(window.api.session.state()))
    if (value) state.value = value
    lastActivity = Date.now()
  }

  /** The first load (the router waits for it before opening a screen). */
  function ready(): Promise<void> {
    if (!loading) {
      loading = load()
      listen()
    }
    return loading
  }

  /** Signs in; a wrong PIN throws an ApiError for the screen to show. */
  async function signIn(operatorId: number, pin: string) {
    await call(window.api.session.signIn({ operatorId, pin }))
    await load()
  }

  async function unlock(pin: string) {
    await call(window.api.session.unlock({ pin }))
    await load()
  }

  async function lock() {
    await attempt(() => call(window.api.session.lock()))
    await load()
  }

  /** 换人: the start screen, for the next person. */
  async function signOut() {
    await attempt(() => call(window.api.session.signOut()))
    await load()
  }

  /** True when the current operator may open a screen reserved to `roles`. */
  function may(roles: readonly Role[] | undefined): boolean {
    return mayOpen(operator.value?.roles ?? [], roles)
  }

  function listen() {
    const seen = () => {
      lastActivity = Date.now()
      const idle = (state.value?.idleSeconds ?? 0) * 1000
      // Often enough that the main process never thinks a busy person has gone.
      if (mode.value === 'signedIn' && idle > 0 && lastActivity - lastTouch > Math.min(30_000, idle / 3)) {
        lastTouch = lastActivity
        void window.api.session.touch().then((r) => {
          if (!r.ok) void load()
        })
      }
    }
    for (const event of ACTIVITY) window.addEventListener(event, seen, { capture: true, passive: true })
    window.addEventListener(SESSION_CHANGED, () => void load())
    timer = window.setInterval(() => {
      const idle = (state.value?.idleSeconds ?? 0) * 1000
      if (mode.value === 'signedIn' && idle > 0 && Date.now() - lastActivity >= idle) void lock()
    }, 500)
  }

  function stop() {
    window.clearInterval(timer)
  }

  return { state, mode, operator, ready, load, signIn, unlock, lock, signOut, may, stop }
})
