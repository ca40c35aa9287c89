/** Word lists for demo meetings: the rooms, the places and issues agendas speak of, reports, reasons to call a meeting off. */

export const ROOMS = [
  { name: '社区议事厅', capacity: 60, note: '一楼东侧，有投影' },
  { name: '党群服务中心会议室', capacity: 30, note: '' },
  { name: '多功能活动室', capacity: 80, note: '听证会、大型议事用' },
  { name: '网格工作站', capacity: 15, note: '' },
] as const

export const PLACES = [
  '3号楼',
  '小区东门',
  '中心花园',
  '地下车库',
  '老年活动室',
  '菜市场周边',
  '沿街商铺',
  '幼儿园门口',
  '垃圾分类点',
  '健身步道',
  '北区',
  '12号楼',
  '社区食堂',
  '非机动车棚',
]

export const ISSUES = [
  '加装电梯',
  '楼道堆物清理',
  '停车位划线与收费',
  '电动自行车充电桩建设',
  '绿化补种',
  '雨污管网改造',
  '外墙渗漏维修',
  '垃圾分类督导',
  '老年助餐服务',
  '路灯照明改善',
  '噪声扰民治理',
  '宠物文明饲养公约',
  '公共收益使用',
  '屋面防水维修',
  '快递柜设置',
  '消防通道畅通',
  '儿童游乐设施更新',
  '文明养犬',
  '微更新项目选址',
  '居民公约修订',
]

export const REPORTS = [
  '上月社区工作通报',
  '社区财务收支公示',
  '上次会议议定事项落实情况通报',
  '网格走访情况通报',
  '社区安全隐患排查情况通报',
  '志愿服务开展情况通报',
]

export const CANCEL_REASONS = [
  '与街道工作会议冲突',
  '台风预警，暂停集中活动',
  '主要议题尚需补充材料',
  '议事厅维修',
  '到会人数预计不足',
]
