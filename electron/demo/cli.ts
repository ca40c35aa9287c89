import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { AppError } from '../../shared/app-error'
import { MAX_MEETINGS_PER_YEAR } from './generate-community'
import { demoOptions, describeDemo, writeDemoFile } from './demo-file'

/**
 * `npm run demo -- --db <file> [--years N] [--meetings-per-year N] [--scale F] [--topics N] [--resolutions N]
 *   [--seed N] [--force]`
 *
 * Creates (or fills an empty) data file with a demo community. A file that already holds data is
 * refused unless --force, which deletes it first. Open the result with `npm run dev:web -- --db <file>`.
 * The options become the generator's through demo-file.ts, which the history benchmark uses too.
 */
const HELP = `用法：npm run demo -- --db <数据文件> [选项]

  --db <文件>              要生成的数据文件（必填）
  --years <N>              生成几年的会议，截至今年年底（默认 3）
  --meetings-per-year <N>  每年会议次数（默认 60，最多 ${MAX_MEETINGS_PER_YEAR}）
  --scale <倍数>           楼栋、户数、居民和每年会议次数一起放大（默认 1）
  --topics <N>             居民议题件数，分布在各年年初至今天（默认 600）
  --resolutions <N>        决议件数，来自已召开会议议定的事项（默认 150）
                           议题多时每年会议次数自动增加，使每次会议平均约 10 个居民议题
  --fund-entries <N>       公益基金收支笔数（默认 2000，随 --scale 放大）
  --fund-years <N>         公益基金收支的年数，截至今天（默认 10）
  --partners <N>           合伙人个数，每个两份协议（后一份是续签），共十年履约记录（默认 12，随 --scale 放大）
  --mediation-cases <N>    调解案件件数（默认 300，随 --scale 放大；基准测试用 6000）
  --mediation-years <N>    调解案件的年数，截至今天（默认 10）
  --contests <N>           提案大赛届数，每年一届，截至今年（默认 10）
  --contest-proposals <N>  每届提案数（默认 120，随 --scale 放大）
  --contest-judges <N>     每届评委人数（默认 9）
  --seed <N>               随机种子：同样的种子生成同样的社区
  --end-year <YYYY>        最后一年（默认今年）
  --force                  数据文件已有内容时，先删除再生成
`

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      years: { type: 'string' },
      'meetings-per-year': { type: 'string' },
      scale: { type: 'string', default: '1' },
      topics: { type: 'string' },
      resolutions: { type: 'string' },
      'fund-entries': { type: 'string' },
      'fund-years': { type: 'string' },
      partners: { type: 'string' },
      'mediation-cases': { type: 'string' },
      'mediation-years': { type: 'string' },
      contests: { type: 'string' },
      'contest-proposals': { type: 'string' },
      'contest-judges': { type: 'string' },
      seed: { type: 'string' },
      'end-year': { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help || !values.db) {
    console.log(HELP)
    process.exit(values.help ? 0 : 2)
  }
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v))
  const options = demoOptions({
    scale: num(values.scale),
    years: num(values.years),
    meetingsPerYear: num(values['meetings-per-year']),
    topics: num(values.topics),
    resolutions: num(values.resolutions),
    seed: num(values.seed),
    endYear: num(values['end-year']),
    fundEntries: num(values['fund-entries']),
    fundYears: num(values['fund-years']),
    partners: num(values.partners),
    mediationCases: num(values['mediation-cases']),
    mediationYears: num(values['mediation-years']),
    contests: num(values.contests),
    contestProposals: num(values['contest-proposals']),
    contestJudges: num(values['contest-judges']),
  })
  const started = Date.now()
  const s = await writeDemoFile(values.db, options, { force: values.force, log: (m) => console.log(`  ${m}`) })
  console.log(`已生成演示社区（${((Date.now() - started) / 1000).toFixed(1)} 秒）：${resolve(values.db)}`)
  for (const line of describeDemo(s)) console.log(`  ${line}`)
}

main().catch((err) => {
  console.error(err instanceof AppError ? err.message : err)
  process.exit(1)
})
