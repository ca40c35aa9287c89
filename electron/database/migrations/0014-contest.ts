import { sql, type Kysely } from 'kysely'
import type { Migration } from '../migrate'

/**
 * 社区提案大赛: contests, their weighted criteria, proposals, the judging panel and recusals, score
 * sheets (at the PC or from paper by double entry), corrections, draws, objections, and the
 * implementation projects with milestones (payments are charity-fund entries whose source is the
 * proposal: fund_entries.source_kind = 'contest_proposal').
 *
 * The database itself keeps the rules a script or a database tool could otherwise break:
 * - once scoring opens (contests.scoring_opened_at) the rules and the criteria are frozen;
 * - a score is within its criterion's range, and a recused judge's score for that proposal can
 *   never be written (nor a recusal declared after the judge scored it);
 * - a submitted sheet is locked: a score on it changes only through a correction (reason and
 *   supervisor, logged), which the correction's own insert applies.
 */
const FROZEN = '评分已经开始，评分规则和评分项已经锁定，不能再改。'

export const migration0014: Migration = {
  version: 14,
  name: 'contest',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
  async up(db: Kysely<any>) {
    await sql`create table contests (
      id integer primary key autoincrement,
      year integer not null,
      name text not null,
      budget integer not null check (budget > 0),
      cap integer not null check (cap > 0),
      trim_from integer not null check (trim_from >= 3),
      min_score integer not null check (min_score between 0 and 1000),
      priority_position integer,
      tie_chain text not null,
      funding_rule text not null check (funding_rule in ('greedySkip', 'greedyStop', 'knapsack')),
      objection_days integer not null check (objection_days between 1 and 60),
      objection_place text not null default '',
      phases text not null,
      scoring_opened_at text,
      scoring_closed_at text,
      published_on text,
      override_rule text check (override_rule in ('greedySkip', 'greedyStop', 'knapsack')),
      override_decision text not null default '',
      override_at text,
      final_at text,
      created_at text not null,
      check (override_rule is null or override_decision <> '')
    )`.execute(db)
    await sql`create unique index contests_year_name on contests (year, name)`.execute(db)
    await sql`create trigger contests_frozen before update on contests
      when old.scoring_opened_at is not null and (
        new.budget is not old.budget or new.cap is not old.cap or new.trim_from is not old.trim_from
        or new.min_score is not old.min_score or new.priority_position is not old.priority_position
        or new.tie_chain is not old.tie_chain or new.funding_rule is not old.funding_rule
        or new.scoring_opened_at is not old.scoring_opened_at)
      begin select raise(abort, ${sql.raw(`'${FROZEN}'`)}); end`.execute(db)

    await sql`create table contest_criteria (
      id integer primary key autoincrement,
      contest_id integer not null references contests(id),
      position integer not null,
      name text not null,
      weight integer not null check (weight between 1 and 100),
      max_score integer not null check (max_score between 1 and 100),
      description text not null default '',
      levels text not null default '[]',
      unique (contest_id, position)
    )`.execute(db)
    for (const op of ['insert', 'update', 'delete'] as const) {
      const row = op === 'insert' ? 'new' : 'old'
      await sql`create trigger ${sql.raw(`contest_criteria_frozen_${op}`)} before ${sql.raw(op)} on contest_criteria
        when (select scoring_opened_at from contests where id = ${sql.raw(row)}.contest_id) is not null
        begin select raise(abort, ${sql.raw(`'${FROZEN}'`)}); end`.execute(db)
    }

    await sql`create table contest_proposals (
      id integer primary key autoincrement,
      contest_id integer not null references contests(id),
      seq integer not null,
      proposer_resident_id integer references residents(id),
      proposer_group text not null default '',
      organisation text not null default '',
      drafted_by text not null default '',
      title text not null,
      problem text not null default '',
      plan text not null default '',
      beneficiaries text not null default '',
      beneficiary_count integer not null default 0,
      budget_lines text not null default '[]',
      request integer not null check (request >= 0),
      min_viable integer not null default 0 check (min_viable >= 0 and min_viable <= request),
      topic_id integer unique references topics(id),
      photo text not null default '',
      eligibility text not null default '待审查' check (eligibility in ('待审查', '合格', '不合格')),
      ineligible_code text,
      ineligible_note text not null default '',
      reviewed_at text,
      told_at text,
      created_at text not null,
      unique (contest_id, seq),
      check (proposer_resident_id is not null or proposer_group <> ''),
      check ((eligibility = '不合格') = (ineligible_code is not null))
    )`.execute(db)
    await sql`create index contest_proposals_untold on contest_proposals (reviewed_at)
      where eligibility = '不合格' and told_at is null`.execute(db)

    await sql`create table contest_judges (
      id integer primary key autoincrement,
      contest_id integer not null references contests(id),
      name text not null,
      kind text not null check (kind in ('专家', '居民代表')),
      resident_id integer references residents(id),
      organisation text not null default '',
      unique (contest_id, name)
    )`.execute(db)

    await sql`create table contest_recusals (
      id integer primary key autoincrement,
      judge_id integer not null references contest_judges(id),
      proposal_id integer not null references contest_proposals(id),
      tie text not null,
      reason text not null check (reason <> ''),
      declared_at text not null,
      unique (judge_id, proposal_id)
    )`.execute(db)
    await sql`create trigger contest_recusals_before_scoring before insert on contest_recusals
      when exists (select 1 from contest_scores s join contest_sheets h on h.id = s.sheet_id
                   where h.judge_id = new.judge_id and s.proposal_id = new.proposal_id)
      begin select raise(abort, '这位评委已经给这个提案打过分，回避要在评分之前申报。'); end`.execute(db)

    await sql`create table contest_sheets (
      id integer primary key autoincrement,
      judge_id integer not null unique references contest_judges(id),
      mode text not null check (mode in ('现场', '纸质')),
      submitted_at text,
      signed_by text not null default ''
    )`.execute(db)

    await sql`create table contest_scores (
      sheet_id integer not null references contest_sheets(id),
      proposal_id integer not null references contest_proposals(id),
      criterion_id integer not null references contest_criteria(id),
      score integer not null,
      primary key (sheet_id, proposal_id, criterion_id)
    ) without rowid`.execute(db)
    await sql`create index contest_scores_proposal on contest_scores (proposal_id)`.execute(db)
    for (const op of ['insert', 'update'] as const) {
      await sql`create trigger ${sql.raw(`contest_scores_range_${op}`)} before ${sql.raw(op)} on contest_scores
        when new.score < 0 or new.score > (select max_score from contest_criteria where id = new.criterion_id)
        begin select raise(abort, '分数超出了这一评分项的范围。'); end`.execute(db)
      await sql`create trigger ${sql.raw(`contest_scores_recused_${op}`)} before ${sql.raw(op)} on contest_scores
        when exists (select 1 from contest_recusals r join contest_sheets h on h.judge_id = r.judge_id
                     where h.id = new.sheet_id and r.proposal_id = new.proposal_id)
        begin select raise(abort, '这位评委已回避这个提案，不能有他的分数。'); end`.execute(db)
    }
    // A submitted sheet is locked: only the correction just logged for this very cell may change it.
    await sql`create trigger contest_scores_locked before update on contest_scores
      when (select submitted_at from contest_sheets where id = old.sheet_id) is not null
        and not exists (select 1 from contest_corrections c
          where c.id = (select max(id) from contest_corrections) and c.sheet_id = old.sheet_id
            and c.proposal_id = old.proposal_id and c.criterion_id = old.criterion_id
            and c.old_score = old.score and c.new_score = new.score)
      begin select raise(abort, '评分表已经提交锁定，改分要写明原因并由监督员确认。'); end`.execute(db)
    await sql`create trigger contest_scores_no_delete before delete on contest_scores
      when (select submitted_at from contest_sheets where id = old.sheet_id) is not null
      begin select raise(abort, '评分表已经提交锁定，分数不能删除。'); end`.execute(db)

    await sql`create table contest_paper_entries (
      judge_id integer not null references contest_judges(id),
      proposal_id integer not null references contest_proposals(id),
      criterion_id integer not null references contest_criteria(id),
      round integer not null check (round in (1, 2)),
      score integer not null,
      clerk text not null,
      entered_at text not null,
      settled_by text not null default '',
      primary key (judge_id, proposal_id, criterion_id, round)
    ) without rowid`.execute(db)

    await sql`create table contest_corrections (
      id integer primary key autoincrement,
      sheet_id integer not null references contest_sheets(id),
      proposal_id integer not null,
      criterion_id integer not null,
      old_score integer not null,
      new_score integer not null,
      reason text not null check (reason <> ''),
      supervisor text not null check (supervisor <> ''),
      corrected_at text not null
    )`.execute(db)
    await sql`create trigger contest_corrections_apply after insert on contest_corrections
      begin
        update contest_scores set score = new.new_score
        where sheet_id = new.sheet_id and proposal_id = new.proposal_id and criterion_id = new.criterion_id;
      end`.execute(db)
    await sql`create trigger contest_corrections_no_update before update on contest_corrections
      begin select raise(abort, '改分记录不能修改或删除。'); end`.execute(db)
    await sql`create trigger contest_corrections_no_delete before delete on contest_corrections
      begin select raise(abort, '改分记录不能修改或删除。'); end`.execute(db)

    await sql`create table contest_draws (
      id integer primary key autoincrement,
      contest_id integer not null references contests(id),
      tied text not null,
      drawn_order text not null,
      witnesses text not null check (witnesses <> ''),
      drawn_at text not null,
      unique (contest_id, tied)
    )`.execute(db)

    await sql`create table contest_objections (
      id integer primary key autoincrement,
      contest_id integer not null references contests(id),
      proposal_id integer references contest_proposals(id),
      received_on text not null,
      objector text not null,
      content text not null check (content <> ''),
      handling text not null default '',
      settled_on text,
      check (settled_on is null or handling <> '')
    )`.execute(db)

    await sql`create table contest_projects (
      id integer primary key autoincrement,
      proposal_id integer not null unique references contest_proposals(id),
      award integer not null check (award > 0),
      subfund_id integer not null references fund_subfunds(id),
      responsible text not null,
      proposer_role text not null default '',
      started_on text not null,
      accepted_on text,
      acceptance_note text not null default '',
      created_at text not null,
      check (accepted_on is null or acceptance_note <> '')
    )`.execute(db)
    // Files kept beside the data file (附件/提案大赛), named by their SHA-256; added, never changed.
    await sql`create table contest_attachments (
      id integer primary key autoincrement,
      proposal_id integer not null references contest_proposals(id),
      purpose text not null check (purpose in ('提案材料', '验收材料')),
      file_name text not null,
      stored_path text not null,
      sha256 text not null check (length(sha256) = 64),
      size integer not null,
      added_at text not null
    )`.execute(db)
    await sql`create index contest_attachments_proposal on contest_attachments (proposal_id)`.execute(db)
    await sql`create trigger contest_attachments_no_update before update on contest_attachments
      begin select raise(abort, '附件保存后不能修改或删除。'); end`.execute(db)
    await sql`create trigger contest_attachments_no_delete before delete on contest_attachments
      begin select raise(abort, '附件保存后不能修改或删除。'); end`.execute(db)
    await sql`create table contest_milestones (
      id integer primary key autoincrement,
      project_id integer not null references contest_projects(id),
      title text not null,
      due_on text not null,
      done_on text,
      note text not null default ''
    )`.execute(db)
    await sql`create index contest_milestones_project on contest_milestones (project_id)`.execute(db)
  },
}
