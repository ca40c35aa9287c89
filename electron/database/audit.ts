import type { Db } from './open-database'
import { nowIso } from '../../shared/time'

/** Records a change that matters (deletions above all) so nobody has to wonder where a record went. */
export async function audit(
  db: Db,
  action: '新增' | '修改' | '删除' | '备份' | '恢复' | '导出' | '查看',
  entity: string,
  entityId: number | null,
  detail: unknown,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ at: nowIso(), action, entity, entity_id: entityId, detail: JSON.stringify(detail) })
    .execute()
}
