import { AsyncLocalStorage } from 'node:async_hooks'
import type { Db } from './open-database'
import { nowIso } from '../../shared/time'

/** The person an audit entry names: a registered operator (id) or a name the host gives. */
export interface Actor {
  readonly id: number | null
  readonly name: string
}

/** Work nobody at the keyboard started: the daily upkeep, the demo generator, scripts. */
export const SYSTEM_ACTOR: Actor = { id: null, name: '系统' }

const current = new AsyncLocalStorage<Actor>()

/**
 * Runs `fn` on behalf of `actor`: every audit entry written anywhere inside it (however deep, in
 * any module, across awaits) names that person. The dispatcher wraps each call in it with the
 * operator the main process signed in, so no service has to pass the operator along by hand, and a
 * module added later cannot forget to.
 */
export function actingAs<T>(actor: Actor, fn: () => T): T {
  return current.run(actor, fn)
}

/** Who the current call acts for (SYSTEM_ACTOR outside any call). */
export function currentActor(): Actor {
  return current.getStore() ?? SYSTEM_ACTOR
}

/**
 * Records a change that matters (deletions above all) so nobody has to wonder where a record went,
 * and who did it: the operator of the current call (see actingAs).
 */
export async function audit(
  db: Db,
  action: '新增' | '修改' | '删除' | '备份' | '恢复' | '导出' | '查看' | '登录',
  entity: string,
  entityId: number | null,
  detail: unknown,
): Promise<void> {
  const actor = currentActor()
  await db
    .insertInto('audit_log')
    .values({
      at: nowIso(),
      action,
      entity,
      entity_id: entityId,
      detail: JSON.stringify(detail),
      operator_id: actor.id,
      operator_name: actor.name,
    })
    .execute()
}
