/** How an agreement's state and a commitment's status are shown (el-tag type). */
export function stateTag(state: string): 'success' | 'warning' | 'danger' | 'info' | 'primary' {
  switch (state) {
    case '生效':
    case '已完成':
    case '履约中':
      return 'success'
    case '即将到期':
    case '待生效':
      return 'warning'
    case '逾期':
    case '提前终止':
      return 'danger'
    case '草拟':
    case '待履约':
      return 'primary'
    default:
      return 'info'
  }
}

/** 0.925 → '92.5%'; null → '—'. */
export const percentText = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`)
