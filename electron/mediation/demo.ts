import type { Insertable } from 'kysely'
import { addDays, daysBetween } from '../../shared/dates'
import { idCheckChar } from '../../shared/id-number'
import { caseNumber, DISPUTE_TYPES, type CaseState, type DisputeType } from '../../shared/mediation-values'
import type { Db } from '../database/open-database'
import type { Database } from '../database/schema'
import { inTransaction } from '../database/unit-of-work'
import type { DemoContext } from '../demo/context'
import { insertChunks } from '../demo/insert-chunks'
import { personName, rng, type Rng } from '../demo/random'

/**
 * The casebook's part of the demo community: `mediationCases` cases accepted over the last
 * `mediationYears` years up to today — parties with valid ID numbers (made up, check digit right),
 * the presiding mediator, an elder and the recorder (all declared, now and then one recused),
 * investigation and mediation records, agreements with clauses performed or not, follow-up visits,
 * a few 激化苗头, older cases closed and archived. Cases of the last weeks are still open, so the
 * clock shows all its states. Multi-row inserts; its own dice.
 */
const MEDIATORS = ['王德明', '李秀兰', '张建国', '陈玉华']
const ELDERS = ['赵老伯', '孙德厚', '周秉义', '吴淑贞', '郑怀仁']
const RECORDERS = ['刘晓燕', '黄敏']
const TYPE_WEIGHTS: ReadonlyArray<readonly [DisputeType, number]> = DISPUTE_TYPES.map((t) => [
  t,
  t === '邻里' ? 30 : t === '婚姻家庭' ? 18 : t === '物业' ? 12 : t === '损害赔偿' ? 8 : t === '房屋宅基地' ? 6 : 2,
])
const STORIES: Partial<Record<DisputeType, { title: string; facts: string; clause: string }[]>> = {
  邻里: [
    {
      title: '楼上漏水',
      facts: '楼上住户卫生间水管老化漏水，渗到楼下天花板，双方为维修和赔偿发生争执。',
      clause: '维修漏水的水管并赔偿楼下天花板修复费用',
    },
    {
      title: '噪音扰民',
      facts: '一方夜间在家跳绳、搬动家具，另一方多次交涉未果，双方争吵。',
      clause: '晚上十点以后不在家中跳绳和搬动家具',
    },
    { title: '楼道堆物', facts: '一方在楼道长期堆放杂物，影响通行和消防安全。', clause: '清理楼道杂物，以后不再堆放' },
  ],
  婚姻家庭: [{ title: '赡养老人', facts: '兄弟二人对父亲的赡养费分担意见不一。', clause: '每月支付父亲赡养费' }],
  物业: [
    { title: '物业费', facts: '业主认为电梯维修不及时，拒交物业费。', clause: '补交物业费，物业公司一个月内修好电梯' },
  ],
  损害赔偿: [{ title: '电动车碰撞', facts: '小区内电动车碰倒行人，造成轻微擦伤。', clause: '赔偿医药费和误工费' }],
}
const GENERIC = { title: '琐事', facts: '双方因琐事发生争执，请求调委会调解。', clause: '按约定履行' }

function idNumber(r: Rng, birth: string, male: boolean): string {
  const area = r.pick(['110105', '310104', '440106', '510107', '330102'])
  const seq = String(r.int(0, 49) * 2 + (male ? 1 : 0) + 100).slice(-3)
  const first17 = `${area}${birth.replace(/-/g, '')}${seq}`
  return first17 + idCheckChar(first17)
}

export async function mediationDemo(db: Db, ctx: DemoContext): Promise<void> {
  const o = ctx.options
  if (o.mediationCases <= 0) return
  const r = rng((o.seed ^ 0x2545f491) >>> 0)
  const today = o.today
  const from = addDays(today, -365 * o.mediationYears)
  const span = daysBetween(from, today)
  const profile = await db.selectFrom('community').select('name').where('id', '=', 1).executeTakeFirst()
  const prefix = (profile?.name ?? '幸福里社区').replace(/(社区居民委员会|居民委员会|社区|村)$/, '') || '社区'
  const committee = `${profile?.name ?? '幸福里社区'}居民委员会人民调解委员会`
  const residents = ctx.made.residentIds ?? []
  const at = ctx.at
  const days = Array.from({ length: o.mediationCases }, () => addDays(from, r.int(0, span - 1))).sort()

  const cases: Insertable<Database['mediation_cases']>[] = []
  const parties: Insertable<Database['mediation_parties']>[] = []
  const staff: Insertable<Database['mediation_staff']>[] = []
  const sessions: Insertable<Database['mediation_sessions']>[] = []
  const agreements: Insertable<Database['mediation_agreements']>[] = []
  const clauses: Insertable<Database['mediation_clauses']>[] = []
  const visits: Insertable<Database['mediation_visits']>[] = []
  const alerts: Insertable<Database['mediation_alerts']>[] = []
  const seqs = new Map<number, number>()
  const base = await db
    .selectFrom('mediation_cases')
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirstOrThrow()
  const basePartyRow = await db
    .selectFrom('mediation_parties')
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirstOrThrow()
  const baseAgreementRow = await db
    .selectFrom('mediation_agreements')
    .select((eb) => eb.fn.max('id').as('m'))
    .executeTakeFirstOrThrow()
  let caseId = Number(base.m ?? 0)
  let partyId = Number(basePartyRow.m ?? 0)
  let agreementId = Number(baseAgreementRow.m ?? 0)

  for (const accepted of days) {
    caseId++
    const year = Number(accepted.slice(0, 4))
    const seq = (seqs.get(year) ?? 0) + 1
    seqs.set(year, seq)
    const type = r.weighted(TYPE_WEIGHTS)
    const story = r.pick(STORIES[type] ?? [GENERIC])
    const age = daysBetween(accepted, today)
    const people: number[] = []
    const names: string[] = []
    for (const side of ['申请人', '被申请人'] as const) {
      partyId++
      const male = r.chance(0.5)
      const birth = addDays('1950-01-01', r.int(0, 365 * 50))
      const name = personName(r)
      // Old cases are archived, and an archived dossier holds every party's proof of identity.
      const withId = r.chance(0.8) || age > 150
      parties.push({
        id: partyId,
        case_id: caseId,
        side,
        kind: '个人',
        resident_id: side === '申请人' && residents.length && r.chance(0.6) ? r.pick(residents) : null,
        name,
        gender: male ? '男' : '女',
        ethnicity: '汉族',
        birth_date: birth,
        occupation: r.pick(['退休', '职员', '个体经营', '务农', '教师']),
        phone: `1${r.pick(['38', '39', '58', '86'])}${String(r.int(0, 99_999_999)).padStart(8, '0')}`,
        address: `幸福路${r.int(1, 120)}号${r.int(1, 30)}号楼${r.int(1, 4)}单元${r.int(1, 18)}0${r.int(1, 4)}室`,
        id_number: withId ? idNumber(r, birth, male) : '',
        claim: side === '申请人' ? `请求对方${story.clause}` : '',
        safety: r.chance(0.01) ? 1 : 0,
        created_at: at,
      })
      people.push(partyId)
      names.push(name)
    }
    const mediator = r.pick(MEDIATORS)
    const recused = r.chance(0.03)
    staff.push(
      {
        case_id: caseId,
        role: '人民调解员',
        name: mediator,
        presiding: 1,
        declared_tie: '',
        declared_at: at,
        recused_at: null,
        recusal_reason: '',
        created_at: at,
      },
      {
        case_id: caseId,
        role: '乡贤',
        name: r.pick(ELDERS),
        presiding: 0,
        declared_tie: recused ? '与申请人是亲戚' : '',
        declared_at: at,
        recused_at: recused ? at : null,
        recusal_reason: recused ? '本人声明：与申请人是亲戚' : '',
        created_at: at,
      },
      {
        case_id: caseId,
        role: '记录人',
        name: r.pick(RECORDERS),
        presiding: 0,
        declared_tie: null,
        declared_at: null,
        recused_at: null,
        recusal_reason: '',
        created_at: at,
      },
    )
    // What became of it: recent cases are still being mediated.
    let status: CaseState
    const refused = r.chance(0.02)
    const terminated = !refused && r.chance(0.1)
    const nSessions = refused ? 0 : Math.min(r.int(1, 3), Math.max(1, Math.floor(age / 5)))
    let lastDay = accepted
    for (let i = 0; i < nSessions && age > 0; i++) {
      lastDay = addDays(accepted, Math.min(age, r.int(i * 5, i * 5 + 6)))
      sessions.push({
        case_id: caseId,
        kind: i === 0 && r.chance(0.4) ? '调查记录' : '调解记录',
        held_at: `${lastDay}T${r.pick(['09:30', '14:00', '19:00'])}`,
        place: r.pick(['社区调解室', '当事人家中', '乡贤议事厅']),
        attendees: `${mediator}、${names.join('、')}`,
        applicant_says: story.facts,
        respondent_says: '对方说法不完全属实，但愿意协商解决。',
        risk_warning: '告知调解不成可能面临诉讼的时间和费用成本。',
        result: '达成协议',
        read_back_at: at,
        created_at: at,
      })
    }
    const hasTranscript = sessions.some((s) => s.case_id === caseId && s.kind === '调解记录')
    if (refused) status = '不予受理'
    else if (age < 7 || !hasTranscript) status = age < 7 ? '受理' : '调解中'
    else if (terminated) status = '终止'
    else if (age < 12) status = '调解中'
    else {
      agreementId++
      const signed = addDays(lastDay, r.int(0, 2)) > today ? today : addDays(lastDay, r.int(0, 2))
      const confirmed = r.chance(0.08) ? addDays(signed, r.int(1, 25)) : null
      agreements.push({
        id: agreementId,
        case_id: caseId,
        form: r.chance(0.85) ? '书面' : '口头',
        facts: story.facts,
        issues: `双方对${story.title}的责任和费用有争议`,
        responsibility: '双方各有责任',
        signed_on: signed,
        effective_on: signed,
        confirm_applied_on: confirmed && confirmed <= today ? confirmed : null,
        confirm_court: confirmed && confirmed <= today ? '区人民法院' : '',
        created_at: at,
        updated_at: at,
      })
      const n = r.int(1, 3)
      let open = 0
      for (let k = 1; k <= n; k++) {
        const due = addDays(signed, r.int(3, 45))
        const performed =
          due <= today && r.chance(0.92)
            ? addDays(due, -r.int(0, 3)) < signed
              ? signed
              : addDays(due, -r.int(0, 3))
            : null
        if (!performed) open++
        clauses.push({
          agreement_id: agreementId,
          position: k,
          obligor_id: people[1]!,
          obligee_id: people[0]!,
          content: k === 1 ? story.clause : '按协议约定处理后续事宜',
          amount: k === 1 ? r.int(2, 200) * 10_000 : 0,
          manner: k === 1 ? '现金或转账' : '当面',
          place: '社区调解室',
          due_on: due,
          performed_on: performed,
          proof: performed ? r.pick(['收条', '转账记录', '现场照片']) : '',
        })
        visits.push({
          case_id: caseId,
          planned_on: due,
          reason: '协议约定的履行期限到期，回访履行情况',
          done_on: due <= today && r.chance(0.9) ? due : null,
          visitor: mediator,
          performance: performed ? '已履行' : '',
          satisfaction: '满意',
          created_at: at,
        })
      }
      status = open ? '履行中' : age > 90 ? (age > 200 ? '归档' : '结案') : '履行完毕'
    }
    if (r.chance(0.02)) {
      const found = addDays(accepted, Math.min(age, 3))
      alerts.push({
        case_id: caseId,
        found_on: found,
        signs: '一方扬言要找人报复',
        measures: '分别做思想工作，通知民警关注',
        people: r.int(1, 6),
        resolved_on: age > 20 ? addDays(found, 10) : null,
        resolution: age > 20 ? '双方情绪平稳，达成和解' : '',
        created_at: at,
      })
    }
    const ended = status === '终止' || status === '不予受理'
    const closed = status === '结案' || status === '归档'
    cases.push({
      id: caseId,
      year,
      seq,
      case_no: caseNumber(prefix, year, seq),
      title: `${names[0]}与${names[1]}${story.title}纠纷`,
      source: r.weighted([
        ['当事人申请', 60],
        ['调委会主动调解', 30],
        ['公安机关移交', 5],
        ['法院委托', 3],
        ['政府部门指定', 2],
      ] as const),
      dispute_type: type,
      difficulty: r.weighted([
        ['简单', 55],
        ['一般', 38],
        ['重大疑难', 7],
      ] as const),
      facts: story.facts,
      committee,
      council: '幸福里乡贤理事会',
      accepted_on: accepted,
      status,
      end_reason: status === '不予受理' ? '纠纷已由法院受理' : status === '终止' ? '双方分歧较大，调解不成' : '',
      routes_told: status === '终止' ? 1 : 0,
      rights_notified_on: accepted,
      extended_until: null,
      ended_on: ended || closed ? (addDays(lastDay, 1) > today ? today : addDays(lastDay, 1)) : null,
      archived_on: status === '归档' ? addDays(accepted, 120) : null,
      archived_by: status === '归档' ? r.pick(RECORDERS) : '',
      topic_id: null,
      created_at: at,
      updated_at: at,
    })
  }
  await inTransaction(db, async (trx) => {
    await insertChunks(trx, 'mediation_cases', cases)
    await insertChunks(trx, 'mediation_parties', parties)
    await insertChunks(trx, 'mediation_staff', staff)
    await insertChunks(trx, 'mediation_sessions', sessions)
    await insertChunks(trx, 'mediation_agreements', agreements)
    await insertChunks(trx, 'mediation_clauses', clauses)
    await insertChunks(trx, 'mediation_visits', visits)
    await insertChunks(trx, 'mediation_alerts', alerts)
    for (const [year, last] of seqs) {
      await trx
        .insertInto('number_sequences')
        .values({ name: 'mediation', year, last })
        .onConflict((oc) => oc.columns(['name', 'year']).doUpdateSet({ last }))
        .execute()
    }
  })
  Object.assign(ctx.summary.mediation, {
    cases: cases.length,
    parties: parties.length,
    sessions: sessions.length,
    agreements: agreements.length,
    clauses: clauses.length,
    visits: visits.length,
    alerts: alerts.length,
  })
  ctx.log(`调解案卷：${cases.length} 件案件，${agreements.length} 份协议，${visits.length} 次回访`)
}
