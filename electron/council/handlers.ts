import * as council from './council-service'
import { handler } from '../registry/define'
import { MAJORITY_RULES, MEMBER_CATEGORIES, MEMBER_ROLES } from '../../shared/council-values'
import { date, id, input, note, noInput, oneOf, text } from '../registry/fields'

const councilFields = {
  name: text('议事会名称', { max: 50 }),
  quorumRule: oneOf('到会人数要求', MAJORITY_RULES),
  passRule: oneOf('表决通过规则', MAJORITY_RULES),
  note: note('备注'),
}

export const councilHandlers = {
  'council.list': handler({ input: noInput, run: (db) => council.listCouncils(db) }),
  'council.create': handler({ input: input(councilFields), run: (db, c) => council.createCouncil(db, c) }),
  'council.update': handler({
    input: input({ id: id('议事会'), ...councilFields }),
    run: (db, { id: councilId, ...c }) => council.updateCouncil(db, councilId, c),
  }),
  'council.createTerm': handler({
    input: input({
      councilId: id('议事会'),
      name: text('届次名称', { max: 30 }),
      startDate: date('任期开始'),
      endDate: date('任期结束'),
    }),
    run: (db, t) => council.createTerm(db, t),
  }),
  'council.updateTerm': handler({
    input: input({
      id: id('届次'),
      name: text('届次名称', { max: 30 }),
      startDate: date('任期开始'),
      endDate: date('任期结束'),
    }),
    run: (db, { id: termId, ...t }) => council.updateTerm(db, termId, t),
  }),
  'council.deleteTerm': handler({
    input: input({ id: id('届次') }),
    run: (db, t) => council.deleteTerm(db, t.id),
  }),
  'council.members': handler({
    input: input({ termId: id('届次') }),
    run: (db, t) => council.listMembers(db, t.termId),
  }),
  'council.addMember': handler({
    input: input({
      termId: id('届次'),
      residentId: id('居民'),
      role: oneOf('角色', MEMBER_ROLES),
      category: oneOf('类别', MEMBER_CATEGORIES),
      startDate: date('到任日期'),
      endDate: date('离任日期').nullable().default(null),
    }),
    run: (db, m) => council.addMember(db, m),
  }),
  'council.updateMember': handler({
    input: input({
      id: id('成员'),
      role: oneOf('角色', MEMBER_ROLES),
      category: oneOf('类别', MEMBER_CATEGORIES),
      startDate: date('到任日期'),
      endDate: date('离任日期').nullable().default(null),
    }),
    run: (db, { id: memberId, ...m }) => council.updateMember(db, memberId, m),
  }),
  'council.endMember': handler({
    input: input({ id: id('成员'), endDate: date('离任日期') }),
    run: (db, m) => council.endMember(db, m.id, m.endDate),
  }),
} as const
