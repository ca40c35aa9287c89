import type { z } from 'zod'
import type { Registry } from './define'
import type { Result } from './result'

/**
 * The renderer's `window.api`, derived from the registry's types: 'community.saveProfile' becomes
 * `api.community.saveProfile(input)`. Type-only, so no service code reaches the renderer bundle.
 */
type ModuleOf<K> = K extends `${infer M}.${string}` ? M : never
type ActionOf<K, M extends string> = K extends `${M}.${infer A}` ? A : never

type Call<H> = H extends { input: infer I extends z.ZodType; run: (...args: never[]) => Promise<infer O> }
  ? undefined extends z.input<I>
    ? (input?: z.input<I>) => Promise<Result<O>>
    : (input: z.input<I>) => Promise<Result<O>>
  : never

export type ApiOf<R extends Registry> = {
  [M in ModuleOf<keyof R>]: {
    [K in keyof R & `${M}.${string}` as ActionOf<K, M>]: Call<R[K]>
  }
}

/** The value type a channel answers with. */
export type OutputOf<R extends Registry, K extends keyof R> = R[K] extends {
  run: (...args: never[]) => Promise<infer O>
}
  ? O
  : never
