import { sql, type Kysely } from 'kysely'
import type { Migration } from '../migrate'

/**
 * The gram index of text search (issue 10: search flat at any history). `search_grams` holds, for
 * each searched text, every distinct `substr(lower(text), n, 2)` for n = 1 … length: all its
 * two-character grams plus its last character alone, ASCII folded by lower() as LIKE folds it.
 * A 2-character search is one gram; a 1-character search is the grams that start with it (a range,
 * the last character included); a longer search is confirmed by LIKE on the rows that hold its
 * rarest gram (electron/database/gram-search.ts). FTS5's trigram tokenizer needs 3 characters and
 * clerks search 1–2 (a surname, 停车), hence this.
 *
 * Kinds (gram-search.ts GRAM_KIND): 1 = topics.description, 2 = a resident's searched text, exactly
 * residentSearchText (name, note, tags, room, unit joined by char(31)).
 *
 * The database keeps it by triggers, so every writer (the services, the Excel importer, raw SQL)
 * keeps it right; a restore brings its own. SQLite forbids CTEs in trigger bodies, so the positions
 * come from `search_positions` (1 … 1200: longer than any text the forms allow — a description is
 * at most 1000 characters, a resident's text 30 + 500 + 20 tags of 20 + 20 + 10 + 4 separators).
 * A longer text (raw SQL) also gets the gram '' ("too long, always a candidate"), so a search can
 * never miss it. Grams are deleted by recomputing the old text's grams (primary-key lookups), so no
 * second index on row_id is needed.
 *
 * Cost measured on a copy of the 100× demo (60,000 topics, 300,000 residents): 1.9 M topic grams
 * and 3.9 M resident grams; the back-fill takes about 8 s in the sqlite3 CLI (inserted in key order:
 * unordered it took 35 s; 15–19 s inside the app's open on a heavily loaded 2-core machine) and the
 * file grows by about 90 MB (164 → 257 MB; 199 → 288 MB after all migrations).
 */
export const migration0018: Migration = {
  version: 18,
  name: 'search-grams',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
  async up(db: Kysely<any>) {
    await sql`create table search_positions (n integer primary key)`.execute(db)
    await sql`with recursive p(n) as (select 1 union all select n + 1 from p where n < 1200)
      insert into search_positions (n) select n from p`.execute(db)
    await sql`create table search_grams (
      kind integer not null,
      gram text not null,
      row_id integer not null,
      primary key (kind, gram, row_id)
    ) without rowid`.execute(db)

    const sources = [
      { kind: 1, table: 'topics', columns: ['description'], text: (r: string) => `${r}.description` },
      {
        kind: 2,
        table: 'residents',
        columns: ['name', 'note', 'tags', 'room', 'unit'],
        text: (r: string) =>
          `(${r}.name || char(31) || ${r}.note || char(31) || ${r}.tags || char(31) || ${r}.room || char(31) || ${r}.unit)`,
      },
    ]
    for (const { kind, table, columns, text } of sources) {
      const grams = (row: string) =>
        `select ${kind}, substr(lower(${text(row)}), n, 2), ${row}.id from search_positions where n <= length(${text(row)})
         union all select ${kind}, '', ${row}.id where length(${text(row)}) > 1200`
      const oldGrams = `select substr(lower(${text('old')}), n, 2) from search_positions where n <= length(${text('old')})
         union all select '' where length(${text('old')}) > 1200`
      const forget = `delete from search_grams where kind = ${kind} and row_id = old.id and gram in (${oldGrams});`
      await sql
        .raw(
          `create trigger ${table}_grams_insert after insert on ${table} begin
            insert or ignore into search_grams (kind, gram, row_id) ${grams('new')};
          end`,
        )
        .execute(db)
      await sql
        .raw(
          `create trigger ${table}_grams_update after update of ${columns.join(', ')}, id on ${table} begin
            ${forget}
            insert or ignore into search_grams (kind, gram, row_id) ${grams('new')};
          end`,
        )
        .execute(db)
      await sql.raw(`create trigger ${table}_grams_delete after delete on ${table} begin ${forget} end`).execute(db)
      // One statement per kind, in key order (a B-tree filled left to right).
      await sql
        .raw(
          `insert or ignore into search_grams (kind, gram, row_id)
           select ${kind}, substr(lower(${text('s')}), p.n, 2) as gram, s.id
             from ${table} s join search_positions p on p.n <= length(${text('s')})
           union all select ${kind}, '', s.id from ${table} s where length(${text('s')}) > 1200
           order by 2, 3`,
        )
        .execute(db)
    }
  },
}
