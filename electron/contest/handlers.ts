import { z } from 'zod'
import {
  ELIGIBILITY,
  FUNDING_SHORT,
  INELIGIBLE_REASONS,
  JUDGE_KINDS,
  PHASES,
  RECUSAL_TIES,
  TIE_STEP_LABELS,
  type Phase,
} from '../../shared/contest-values'
import { handler } from '../registry/define'
import { count, date, id, input, note, oneOf, text, whole, yuan } from '../registry/fields'
import { addAttachment, listAttachments, readAttachment } from './attachment-service'
import { contestProjectionView, controlContestProjection } from './projection-service'
import { createContest, getContest, listContests, openScoring, updateContest } from './contest-service'
import {
  createProposal,
  getProposal,
  listProposals,
  markProposalTold,
  proposalFromTopic,
  reviewProposal,
  updateProposal,
} from './proposal-service'
import { addJudge, declareRecusal, listJudges, recusalRecord, recusalSuggestions } from './panel-service'
import {
  closeScoring,
  comparePaper,
  correctScore,
  corrections,
  enterPaper,
  finishPaper,
  judgeSheet,
  progress,
  saveScores,
  settleMismatch,
  submitSheet,
} from './scoring-service'
import {
  addObjection,
  computeResults,
  finalize,
  notice,
  objections,
  overrideFunding,
  publish,
  recordDraw,
  settleObjection,
} from './results-service'
import {
  acceptProject,
  addMilestone,
  completeMilestone,
  contestRates,
  listProjects,
  payProject,
  startProject,
} from './project-service'

/**
 * 社区提案大赛 (contest.*): set-up, proposals and 资格审查, the panel and recusal, scoring (judge mode
 * and paper double entry), corrections, results with diagnostics and the what-if panel, the 公示 and
 * objections, implementation projects and their payments from the charity fund.
 */
const TIE_STEP_CHOICES = {
  priority: TIE_STEP_LABELS.priority,
  headToHead: TIE_STEP_LABELS.headToHead,
  lowerRequest: TIE_STEP_LABELS.lowerRequest,
}

const criterion = z.strictObject(
  {
    name: text('评分项名称', { max: 20 }),
    weight: whole('权重', 1, 100),
    max: whole('满分', 1, 100),
    description: note('评分项说明', 200),
    levels: z
      .array(text('评分档次说明', { max: 100 }), { error: '评分档次说明格式不对' })
      .max(10)
      .default([]),
  },
  { error: '评分项格式不对' },
)
const phaseDates = z.strictObject(
  { start: date('阶段开始日期'), end: date('阶段结束日期') },
  { error: '阶段日期格式不对' },
)

const contestFields = {
  year: whole('年度', 2000, 2100),
  name: text('大赛名称', { max: 40 }),
  budget: yuan('总预算', { positive: true }),
  cap: yuan('单个提案资助上限', { positive: true }),
  trimFrom: whole('去掉最高最低分所需的最少评委数', 3, 50),
  minScore: whole('最低资助分数（十分之一分）', 0, 1000),
  priority: whole('优先评分项', 0, 19).nullable().default(null),
  tieChain: z.array(oneOf('并列处理步骤', TIE_STEP_CHOICES), { error: '并列处理步骤格式不对' }).max(3),
  fundingRule: oneOf('资助规则', FUNDING_SHORT),
  objectionDays: whole('公示天数', 1, 60),
  objectionPlace: note('异议受理地点', 100),
  phases: z
    .strictObject(
      Object.fromEntries(PHASES.map((p) => [p, phaseDates.optional()])) as Record<
        Phase,
        z.ZodOptional<typeof phaseDates>
      >,
      {
        error: '阶段日期格式不对',
      },
    )
    .default({}),
  criteria: z.array(criterion, { error: '评分项格式不对' }).max(20),
}

const budgetLine = z.strictObject(
  { item: text('预算项目', { max: 60 }), amount: yuan('预算金额', { positive: true }) },
  { error: '预算明细格式不对' },
)
const proposalFields = {
  proposerResidentId: id('提案人').nullable().default(null),
  proposerGroup: note('居民小组名称', 40),
  organisation: note('提案人所在单位或组织', 60),
  draftedBy: note('协助起草的人', 100),
  title: text('提案名称', { max: 60 }),
  problem: note('要解决的问题', 2000),
  plan: note('实施方案', 4000),
  beneficiaries: note('受益楼栋或网格', 200),
  beneficiaryCount: count('受益居民人数'),
  budgetLines: z.array(budgetLine, { error: '预算明细格式不对' }).max(50).default([]),
  minViable: yuan('最低可行金额').default(0),
  photo: note('照片', 200),
}

const cell = z.strictObject(
  { proposalId: id('提案'), criterionId: id('评分项'), score: z.number({ error: '分数应当是数字' }) },
  { error: '分数格式不对' },
)
const cells = z.array(cell, { error: '分数格式不对' }).max(5000)

export const contestHandlers = {
  'contest.list': handler({ input: input({}), run: (db) => listContests(db) }),
  'contest.get': handler({ input: input({ id: id('提案大赛') }), run: (db, q) => getContest(db, q.id) }),
  'contest.create': handler({ input: input(contestFields), run: (db, q) => createContest(db, q) }),
  'contest.update': handler({
    input: input({ id: id('提案大赛'), ...contestFields }),
    run: (db, { id: contestId, ...q }) => updateContest(db, contestId, q),
  }),
  'contest.openScoring': handler({ input: input({ id: id('提案大赛') }), run: (db, q) => openScoring(db, q.id) }),
  'contest.closeScoring': handler({ input: input({ id: id('提案大赛') }), run: (db, q) => closeScoring(db, q.id) }),

  'contest.proposals': handler({
    input: input({
      contestId: id('提案大赛'),
      search: text('搜索', { max: 50, optional: true }).default(''),
      eligibility: oneOf('审查结果', ELIGIBILITY).nullable().default(null),
    }),
    run: (db, q) => listProposals(db, q.contestId, q),
  }),
  'contest.proposal': handler({ input: input({ id: id('提案') }), run: (db, q) => getProposal(db, q.id) }),
  'contest.createProposal': handler({
    input: input({ contestId: id('提案大赛'), ...proposalFields }),
    run: (db, { contestId, ...q }) => createProposal(db, contestId, q),
  }),
  'contest.updateProposal': handler({
    input: input({ id: id('提案'), ...proposalFields }),
    run: (db, { id: proposalId, ...q }) => updateProposal(db, proposalId, q),
  }),
  'contest.fromTopic': handler({
    input: input({ contestId: id('提案大赛'), topicId: id('议题') }),
    run: (db, q) => proposalFromTopic(db, q.contestId, q.topicId),
  }),
  'contest.review': handler({
    input: input({
      id: id('提案'),
      eligible: z.boolean({ error: '请选择审查结果' }),
      code: oneOf('不合格原因', INELIGIBLE_REASONS).nullable().default(null),
      note: note('说明', 300),
    }),
    run: (db, { id: proposalId, ...q }) => reviewProposal(db, proposalId, q),
  }),
  'contest.attachments': handler({
    input: input({ proposalId: id('提案') }),
    run: (db, q) => listAttachments(db, q.proposalId),
  }),
  'contest.addAttachment': handler({
    input: input({
      proposalId: id('提案'),
      purpose: oneOf('附件类别', ['提案材料', '验收材料']),
      fileName: text('文件名', { max: 120 }),
      contentBase64: z
        .string({ error: '请选择文件' })
        .min(1, '请选择文件')
        .max(14_000_000, '文件太大了（最多 10 MB），请压缩后再保存。')
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, '文件没有读完整，请重新选择。'),
    }),
    run: (db, q, ctx) => addAttachment(db, ctx.dataFile, q),
  }),
  'contest.attachment': handler({
    input: input({ id: id('附件') }),
    run: (db, q, ctx) => readAttachment(db, ctx.dataFile, q.id),
  }),
  'contest.markTold': handler({ input: input({ id: id('提案') }), run: (db, q) => markProposalTold(db, q.id) }),

  'contest.judges': handler({
    input: input({ contestId: id('提案大赛') }),
    run: (db, q) => listJudges(db, q.contestId),
  }),
  'contest.addJudge': handler({
    input: input({
      contestId: id('提案大赛'),
      name: text('评委姓名', { max: 20 }),
      kind: oneOf('评委类别', JUDGE_KINDS),
      residentId: id('对应居民').nullable().default(null),
      organisation: note('所在单位或组织', 60),
    }),
    run: (db, { contestId, ...q }) => addJudge(db, contestId, q),
  }),
  'contest.recusalSuggestions': handler({
    input: input({ contestId: id('提案大赛') }),
    run: (db, q) => recusalSuggestions(db, q.contestId),
  }),
  'contest.declareRecusal': handler({
    input: input({
      judgeId: id('评委'),
      proposalId: id('提案'),
      tie: oneOf('回避原因', RECUSAL_TIES),
      reason: note('回避说明', 200),
    }),
    run: (db, q) => declareRecusal(db, q),
  }),
  'contest.recusals': handler({
    input: input({ contestId: id('提案大赛') }),
    run: (db, q) => recusalRecord(db, q.contestId),
  }),

  'contest.judgeSheet': handler({ input: input({ judgeId: id('评委') }), run: (db, q) => judgeSheet(db, q.judgeId) }),
  'contest.saveScores': handler({
    input: input({ judgeId: id('评委'), cells }),
    run: (db, q) => saveScores(db, q.judgeId, q.cells),
  }),
  'contest.submitSheet': handler({
    input: input({ judgeId: id('评委'), signedBy: note('签名', 20) }),
    run: (db, q) => submitSheet(db, q.judgeId, q.signedBy),
  }),
  'contest.enterPaper': handler({
    input: input({
      judgeId: id('评委'),
      round: z.union([z.literal(1), z.literal(2)], { error: '请选择第一次还是第二次录入' }),
      clerk: text('录入人', { max: 20 }),
      cells,
    }),
    run: (db, q) => enterPaper(db, q),
  }),
  'contest.comparePaper': handler({
    input: input({ judgeId: id('评委') }),
    run: (db, q) => comparePaper(db, q.judgeId),
  }),
  'contest.settleMismatch': handler({
    input: input({
      judgeId: id('评委'),
      proposalId: id('提案'),
      criterionId: id('评分项'),
      score: z.number({ error: '分数应当是数字' }),
      settledBy: text('核对人', { max: 20 }),
    }),
    run: (db, q) => settleMismatch(db, q),
  }),
  'contest.finishPaper': handler({ input: input({ judgeId: id('评委') }), run: (db, q) => finishPaper(db, q.judgeId) }),
  'contest.correctScore': handler({
    input: input({
      judgeId: id('评委'),
      proposalId: id('提案'),
      criterionId: id('评分项'),
      score: z.number({ error: '分数应当是数字' }),
      reason: text('改分原因', { max: 200 }),
      supervisor: text('监督员', { max: 20 }),
    }),
    run: (db, q) => correctScore(db, q),
  }),
  'contest.corrections': handler({
    input: input({ contestId: id('提案大赛') }),
    run: (db, q) => corrections(db, q.contestId),
  }),
  'contest.progress': handler({
    input: input({ contestId: id('提案大赛') }),
    run: (db, q) => progress(db, q.contestId),
  }),

  'contest.results': handler({
    input: input({ contestId: id('提案大赛') }),
    run: (db, q) => computeResults(db, q.contestId),
  }),
  'contest.recordDraw': handler({
    input: input({
      contestId: id('提案大赛'),
      order: z.array(id('提案'), { error: '抽签顺序格式不对' }),
      witnesses: text('见证人', { max: 100 }),
    }),
    run: (db, q) => recordDraw(db, q.contestId, q),
  }),
  'contest.overrideFunding': handler({
    input: input({
      contestId: id('提案大赛'),
      rule: oneOf('资助规则', FUNDING_SHORT),
      decision: note('社区决定', 300),
    }),
    run: (db, q) => overrideFunding(db, q.contestId, q),
  }),
  'contest.publish': handler({
    input: input({ contestId: id('提案大赛'), publishedOn: date('公示日期'), place: note('异议受理地点', 100) }),
    run: (db, q) => publish(db, q.contestId, q),
  }),
  'contest.notice': handler({ input: input({ contestId: id('提案大赛') }), run: (db, q) => notice(db, q.contestId) }),
  'contest.objections': handler({
    input: input({ contestId: id('提案大赛') }),
    run: (db, q) => objections(db, q.contestId),
  }),
  'contest.addObjection': handler({
    input: input({
      contestId: id('提案大赛'),
      proposalId: id('提案').nullable().default(null),
      receivedOn: date('收到日期'),
      objector: text('异议人', { max: 40 }),
      content: text('异议内容', { max: 1000 }),
    }),
    run: (db, { contestId, ...q }) => addObjection(db, contestId, q),
  }),
  'contest.settleObjection': handler({
    input: input({ id: id('异议'), handling: text('处理结果', { max: 1000 }), settledOn: date('处理日期') }),
    run: (db, { id: objectionId, ...q }) => settleObjection(db, objectionId, q),
  }),
  'contest.finalize': handler({
    input: input({ contestId: id('提案大赛') }),
    run: (db, q) => finalize(db, q.contestId),
  }),

  'contest.projects': handler({
    input: input({ contestId: id('提案大赛') }),
    run: (db, q) => listProjects(db, q.contestId),
  }),
  'contest.startProject': handler({
    input: input({
      proposalId: id('提案'),
      subfundId: id('子基金'),
      responsible: text('项目负责人', { max: 20 }),
      proposerRole: note('提案人参与方式', 100),
      startedOn: date('开工日期'),
    }),
    run: (db, { proposalId, ...q }) => startProject(db, proposalId, q),
  }),
  'contest.addMilestone': handler({
    input: input({ projectId: id('实施项目'), title: text('节点名称', { max: 60 }), dueOn: date('计划完成日期') }),
    run: (db, { projectId, ...q }) => addMilestone(db, projectId, q),
  }),
  'contest.completeMilestone': handler({
    input: input({ id: id('项目节点'), doneOn: date('完成日期'), note: note('说明', 300) }),
    run: (db, { id: milestoneId, ...q }) => completeMilestone(db, milestoneId, q),
  }),
  'contest.pay': handler({
    input: input({
      projectId: id('实施项目'),
      amount: yuan('付款金额', { positive: true }),
      entryDate: date('付款日期'),
      summary: note('摘要', 200),
      voucherNo: note('凭证号', 30),
    }),
    run: (db, { projectId, ...q }) => payProject(db, projectId, q),
  }),
  'contest.accept': handler({
    input: input({ projectId: id('实施项目'), acceptedOn: date('验收日期'), note: text('验收情况', { max: 1000 }) }),
    run: (db, { projectId, ...q }) => acceptProject(db, projectId, q),
  }),
  'contest.projection': handler({ input: input({}), run: (db) => contestProjectionView(db) }),
  'contest.project': handler({
    input: input({
      action: oneOf('投屏操作', {
        show: '投屏这个提案',
        next: '下一个提案',
        prev: '上一个提案',
        board: '投屏评审结果',
        stop: '结束投屏',
      }),
      contestId: id('提案大赛'),
      proposalId: id('提案').optional(),
    }),
    run: (db, q) => controlContestProjection(db, q),
  }),
  'contest.rates': handler({
    input: input({ contestId: id('提案大赛') }),
    run: (db, q) => contestRates(db, q.contestId),
  }),
} as const
