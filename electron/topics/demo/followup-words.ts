/**
 * Word lists for demo topics and resolutions: what residents raise, by the five default categories
 * (migration 0003), and what departments answer. Descriptions are composed from these, so the same
 * concern recurs in different words and the duplicate hint has near-duplicates to find.
 */
export type CategoryName = '环境卫生' | '邻里纠纷' | '安全隐患' | '证件办理' | '其他'

export interface Problem {
  category: CategoryName
  /** The concern in a few words: 楼道灯坏了. */
  core: string
  /** Where it is: a unit's stairwell, a building, an open place, or nowhere (a personal matter). */
  place: 'unit' | 'building' | 'area' | 'none'
  details: readonly string[]
  /** The department's answer when the topic is routed (转办). */
  reply: string
  /** What a resolution on it decides. */
  action: string
}

export const PROBLEMS: readonly Problem[] = [
  // 环境卫生 → 城管
  {
    category: '环境卫生',
    core: '垃圾分类点异味大',
    place: 'building',
    details: ['夏天苍蝇多，低层住户不敢开窗', '垃圾桶满了没人及时清运', '桶边经常有垃圾散落'],
    reply: '已安排环卫作业队每天清运两次并清洗消毒，城管队员每周巡查',
    action: '增加垃圾分类点清运和清洗频次，加装除臭喷淋设施',
  },
  {
    category: '环境卫生',
    core: '楼道里堆放杂物',
    place: 'unit',
    details: ['纸箱和旧家具堵住通道', '有住户在楼梯口堆放废品', '影响通行，也有火灾隐患'],
    reply: '已会同物业通知住户三天内清理，逾期由物业统一清运',
    action: '开展楼道堆物集中清理，由楼组长每月巡查一次',
  },
  {
    category: '环境卫生',
    core: '附近垃圾没人清扫',
    place: 'area',
    details: ['烟头、塑料袋到处都是', '有人往绿化带里倒剩饭剩菜', '已经好几天了没人扫'],
    reply: '已督促保洁公司每天清扫两次，并在绿化带旁增设垃圾桶',
    action: '调整保洁作业时间，增设垃圾桶和文明提示牌',
  },
  {
    category: '环境卫生',
    core: '沿街餐饮店油烟扰民',
    place: 'area',
    details: ['油烟直排，家里窗户上都是油', '晚上十点以后还在营业，很吵', '下水道也被油污堵了'],
    reply: '已责令商户加装油烟净化器并限期整改，城管将复查',
    action: '督促沿街餐饮商户安装油烟净化设施，签订门前责任书',
  },
  {
    category: '环境卫生',
    core: '下水道堵塞返臭',
    place: 'unit',
    details: ['卫生间一直有臭味', '一楼住户家里返水', '物业疏通过一次又堵了'],
    reply: '已联系排水管理所上门疏通，并安排对主管道进行检测',
    action: '对楼栋排水主管进行检测疏通，必要时更换老化管道',
  },
  {
    category: '环境卫生',
    core: '楼道小广告乱贴乱画',
    place: 'unit',
    details: ['墙上全是开锁、疏通的广告', '刚刷的墙又被贴满了', '影响小区形象'],
    reply: '已组织清理楼道小广告，并对广告上的号码依法处理',
    action: '集中清理小广告，在楼道设置便民信息栏',
  },
  // 邻里纠纷 → 司法所
  {
    category: '邻里纠纷',
    core: '邻居噪音扰民',
    place: 'unit',
    details: ['晚上十一点以后还在拖椅子、跑跳', '孩子练琴到很晚，多次沟通无效', '凌晨常有打麻将的声音'],
    reply: '司法所调解员已约双方当面调解，双方同意晚上十点后保持安静',
    action: '由调解员组织双方协商，制定楼栋文明公约并张贴',
  },
  {
    category: '邻里纠纷',
    core: '楼上卫生间漏水到我家',
    place: 'unit',
    details: ['天花板发霉，楼上住户不肯维修', '找物业协调了几次没有结果', '墙皮已经脱落'],
    reply: '已组织调解，楼上住户同意请物业检测并承担维修费用',
    action: '组织双方调解，由物业出具检测报告后明确维修责任',
  },
  {
    category: '邻里纠纷',
    core: '邻居养狗扰民',
    place: 'building',
    details: ['狗一直叫，晚上睡不好', '遛狗不牵绳，吓到老人孩子', '狗粪便不清理'],
    reply: '已上门沟通，养犬户承诺牵绳遛狗、及时清理粪便',
    action: '修订文明养犬公约，组织养犬户签订承诺书',
  },
  {
    category: '邻里纠纷',
    core: '邻居占用公共走道',
    place: 'unit',
    details: ['走道里放鞋柜和杂物', '私自装了铁门占用公共部位', '协商几次都不肯搬'],
    reply: '调解员已会同物业上门，住户同意一周内拆除并清空走道',
    action: '由物业和调解员上门协调，限期恢复公共走道原状',
  },
  {
    category: '邻里纠纷',
    core: '装修噪音扰民',
    place: 'unit',
    details: ['周末一早就开始电钻', '不按规定时间施工', '家里有病人需要休息'],
    reply: '已约谈装修户和施工队，要求严格按规定时间施工',
    action: '明确装修施工时间，由物业加强巡查和登记',
  },
  // 安全隐患 → 应急管理
  {
    category: '安全隐患',
    core: '电动车违规充电',
    place: 'unit',
    details: ['有人从窗户拉电线飞线充电', '电动车停在楼梯间充电，很危险', '晚上整夜充电，担心起火'],
    reply: '已会同消防站当日清理楼道内电动车并拆除飞线，告知住户到充电棚充电',
    action: '增设电动自行车集中充电棚，开展楼道违规充电专项整治',
  },
  {
    category: '安全隐患',
    core: '消防通道被车辆占用',
    place: 'area',
    details: ['晚上停满了车，消防车根本进不来', '划了黄线也没人管', '上次救护车都堵在外面'],
    reply: '已施划禁停标线，安排保安夜间巡查，违停车辆通知挪走',
    action: '施划消防通道标线、安装隔离桩，建立夜间巡查制度',
  },
  {
    category: '安全隐患',
    core: '燃气管道老化有异味',
    place: 'unit',
    details: ['楼道里能闻到燃气味', '管道锈得很厉害', '家里老人很担心'],
    reply: '燃气公司已上门检测并更换漏点管段，确认无泄漏',
    action: '由燃气公司对楼栋燃气立管进行检测和更换',
  },
  {
    category: '安全隐患',
    core: '外墙瓷砖脱落',
    place: 'building',
    details: ['差点砸到路过的人', '下雨后又掉了几块', '楼下是孩子上学的路'],
    reply: '已拉设警戒线，维修单位已对松动瓷砖进行排查清除',
    action: '对外墙进行全面排查，使用维修资金修缮外立面',
  },
  {
    category: '安全隐患',
    core: '窨井盖破损',
    place: 'area',
    details: ['晚上看不清容易踩空', '车一压就响', '已经有老人差点摔倒'],
    reply: '已设置警示标志，并于当天更换了新的窨井盖',
    action: '排查小区全部窨井盖，更换破损井盖并加装防坠网',
  },
  {
    category: '安全隐患',
    core: '电梯经常故障',
    place: 'building',
    details: ['上周困人两次', '老人不敢坐', '维保单位来了也修不好'],
    reply: '已约谈电梯维保单位，更换故障部件并增加维保频次',
    action: '委托第三方检测电梯，督促维保单位限期整改',
  },
  // 证件办理 → 便民服务中心
  {
    category: '证件办理',
    core: '想办理居住证',
    place: 'none',
    details: ['不知道需要带哪些材料', '租房合同需要房东签字吗', '工作忙，能不能周末办'],
    reply: '已电话告知所需材料（身份证、租赁合同、照片），可在便民服务中心周六上午办理',
    action: '在便民服务中心开设周末证件办理窗口',
  },
  {
    category: '证件办理',
    core: '给老人办理老年人优待证',
    place: 'none',
    details: ['老人行动不便，能不能上门办', '不清楚在哪里办理', '以前的证丢了需要补办'],
    reply: '便民服务中心工作人员已预约上门为老人办理',
    action: '为行动不便的老人提供上门办证服务',
  },
  {
    category: '证件办理',
    core: '开具居住证明',
    place: 'none',
    details: ['孩子上学需要', '单位要求提供', '不知道要找哪个部门'],
    reply: '已告知携带户口簿和房产证明到便民服务中心当场开具',
    action: '公布常用证明的办理指南和所需材料',
  },
  {
    category: '证件办理',
    core: '社保卡补办',
    place: 'none',
    details: ['卡丢了急着看病', '卡坏了读不出来', '老人不会在手机上办'],
    reply: '已协助在便民服务中心办理临时卡，正式卡寄到社区后通知领取',
    action: '在便民服务中心设置社保卡代办点',
  },
  {
    category: '证件办理',
    core: '新生儿落户怎么办理',
    place: 'none',
    details: ['材料准备了但不知道流程', '户口在外地', '想一次办好'],
    reply: '已告知办理流程和材料清单，可预约一次性办结',
    action: '编印新生儿落户办理一次告知单',
  },
  // 其他 → 综合协调
  {
    category: '其他',
    core: '楼道灯坏了',
    place: 'unit',
    details: ['晚上回家看不见路', '好几天了没人修', '老人上下楼容易摔跤'],
    reply: '物业已更换楼道灯并改为声控感应灯',
    action: '更换楼道照明为感应灯，建立公共照明报修快速处理机制',
  },
  {
    category: '其他',
    core: '希望加装电梯',
    place: 'building',
    details: ['楼里老人多，上下楼困难', '大部分住户愿意出资', '希望社区帮助协调低层住户'],
    reply: '已介绍加装电梯政策，并协助召开楼组意见征询会',
    action: '组织加装电梯意见征询，协助编制方案并申请补贴',
  },
  {
    category: '其他',
    core: '停车难',
    place: 'area',
    details: ['晚上回来没有车位', '外来车辆占用小区车位', '车都停到消防通道上了'],
    reply: '已协调周边单位错时开放停车位，并清理僵尸车',
    action: '挖潜增设停车位，协调周边单位错时共享车位',
  },
  {
    category: '其他',
    core: '希望增设快递柜',
    place: 'area',
    details: ['快递堆在门口容易丢', '老人取快递要走很远', '希望放在小区里面'],
    reply: '已与快递柜运营商确定选址，近期安装',
    action: '在小区内选址增设智能快递柜',
  },
  {
    category: '其他',
    core: '希望开设老年助餐点',
    place: 'area',
    details: ['独居老人做饭不方便', '希望价格实惠', '能不能送餐上门'],
    reply: '已对接社区食堂，为老人提供助餐和送餐服务',
    action: '依托社区食堂开设老年助餐点，为高龄独居老人送餐',
  },
  {
    category: '其他',
    core: '健身器材损坏',
    place: 'area',
    details: ['有的器材螺丝松了', '孩子玩的时候差点受伤', '好久没人维护'],
    reply: '已联系体育部门维修，损坏器材已更换',
    action: '维修更换损坏的健身器材，明确日常维护责任',
  },
  {
    category: '其他',
    core: '路灯不亮',
    place: 'area',
    details: ['晚上一片漆黑', '坏了一个多月了', '担心安全'],
    reply: '已报修路灯管理所，路灯已修复',
    action: '排查并修复小区路灯，增设照明盲区的路灯',
  },
]

/** How common each category is among what residents raise. */
export const CATEGORY_WEIGHTS: ReadonlyArray<readonly [CategoryName, number]> = [
  ['环境卫生', 30],
  ['邻里纠纷', 15],
  ['安全隐患', 20],
  ['证件办理', 12],
  ['其他', 23],
]

/** Where each category goes: onto a council agenda, to a department (转办), or declined. */
export const FATE_WEIGHTS: Record<CategoryName, { agenda: number; route: number; reject: number }> = {
  环境卫生: { agenda: 45, route: 45, reject: 10 },
  邻里纠纷: { agenda: 30, route: 55, reject: 15 },
  安全隐患: { agenda: 25, route: 70, reject: 5 },
  证件办理: { agenda: 0, route: 90, reject: 10 },
  其他: { agenda: 60, route: 25, reject: 15 },
}

/** 微信群 and 网格员 bring most concerns in. */
export const CHANNEL_WEIGHTS = [
  ['微信群', 30],
  ['网格员', 28],
  ['电话', 14],
  ['走访', 12],
  ['意见箱', 6],
  ['座谈会', 6],
  ['其他', 4],
] as const

export const AREAS = [
  '小区东门',
  '小区北门',
  '中心花园',
  '地下车库入口',
  '老年活动室门口',
  '沿街商铺',
  '幼儿园门口',
  '健身步道',
  '非机动车棚',
  '社区食堂旁',
]

export const CLOSINGS = ['，希望尽快处理。', '，请社区帮忙协调。', '。', '，麻烦看一下。', '，已经反映过一次了。']

export const REJECT_REASONS = [
  '属于业主自家房屋维修，应由业主自行或通过物业报修，已告知物业报修电话',
  '已纳入街道今年的老旧小区改造计划，不再单独上会',
  '经网格员现场核实，所反映的情况已不存在',
  '属于房东与租户之间的合同纠纷，建议通过法律途径解决，已告知法律援助电话',
  '不属于社区议事范围，已告知向相关部门反映的渠道',
  '反映人未留联系方式，现场也未发现所述问题',
]

export const DISCUSSION_OUTCOMES = [
  '会议同意按居民意见办理，由网格员跟进',
  '形成处理方案，请相关部门限期落实',
  '由物业公司两周内拿出整改方案',
  '会议同意办理，结果在公告栏公示',
]

export const NON_TOPIC_LEADS = ['社区居委会', '物业公司', '街道城建办', '综合协调'] as const
export const CO_DEPARTMENTS = ['物业公司', '业委会', '社区民警', '街道城建办', '楼组长', '社区居委会', '市场监管所']

export const PROGRESS_NOTES = [
  '已到现场查看，拍照取证，制定处理方案',
  '已召集物业、楼组长现场协调，明确分工',
  '已联系施工单位，材料已进场',
  '施工过半，预计按期完成',
  '已书面通知相关住户，限期整改',
  '已上报街道，资金正在审批',
  '第一阶段工作完成，正在组织验收',
]

export const COMPLETION_NOTES = [
  '已全部完成，经楼组长验收合格',
  '已整改到位，居民代表现场确认',
  '已办结，相关费用从公共收益中列支并公示',
  '问题已解决，纳入日常巡查',
]

export const VOID_REASONS = [
  '已并入街道统一改造项目，不再单独办理',
  '经复核，该事项由业委会自行组织实施',
  '政策调整，原方案不再适用，另行议定',
]

export const DELAY_REASONS = ['施工单位排期推迟', '需等待维修资金审批', '天气原因无法施工']

export const FEEDBACK_CHANNEL_WEIGHTS = [
  ['微信群', 35],
  ['公告栏', 30],
  ['电话', 20],
  ['上门', 15],
] as const

export const SATISFACTION_WEIGHTS = [
  ['满意', 68],
  ['基本满意', 22],
  ['不满意', 10],
] as const
