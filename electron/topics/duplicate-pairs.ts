/**
 * Hand-written pairs of resident reports, as a clerk would type them, for measuring the duplicate
 * hint. `same` pairs describe one problem in other words (the hint should fire); the others are
 * different problems of the same building and category (it should stay quiet). The hint only ever
 * compares topics of the same category or building, so the negatives are chosen from there too:
 * they share the place and often a word, not the problem.
 */
export interface ReportPair {
  a: string
  b: string
  same: boolean
}

const same = (a: string, b: string): ReportPair => ({ a, b, same: true })
const different = (a: string, b: string): ReportPair => ({ a, b, same: false })

export const REWORDED_PAIRS: readonly ReportPair[] = [
  same('2号楼楼道灯坏了好几天', '楼道灯坏了一个多星期'),
  same('小区东门垃圾桶满了没人清理', '东门那边的垃圾箱一直没人清，都溢出来了'),
  same('5栋楼下有人乱停电动车堵住消防通道', '电动车停在5栋消防通道上，堵住了'),
  same('楼上漏水把我家天花板泡坏了', '楼上住户家漏水，渗到我家天花板'),
  same('广场舞音乐太吵影响休息', '晚上跳广场舞声音太大，吵得睡不着'),
  same('3单元电梯经常坏，老人上下楼困难', '3单元的电梯老是出故障，老年人出行不便'),
  same('小区路灯不亮，晚上走路不安全', '路灯坏了，夜里出门很黑'),
  same('楼道里堆满杂物，存在火灾隐患', '楼道堆放杂物太多，有消防安全隐患'),
  same('有人在绿化带种菜', '绿化带被居民开垦种菜了'),
  same('下水道堵塞污水冒出来', '下水道堵了，污水往外冒'),
  same('流浪狗太多咬人', '小区里流浪狗多，有人被咬了'),
  same('健身器材损坏无人维修', '健身器材坏了一直没人修'),
  same('高空抛物砸坏车辆', '有人高空扔东西，把楼下的车砸了'),
  same('快递柜不够用包裹堆在门口', '快递柜太少，快递都堆在单元门口'),
  same('停车位不够到处乱停车', '车位太少，车辆乱停乱放'),
  same('二次供水水质发黄', '自来水发黄，怀疑二次供水有问题'),
  same('单元门门禁坏了陌生人随便进', '门禁坏了，外人可以随意进出单元门'),
  same('装修噪音中午也不停', '中午休息时间还在装修，噪音很大'),
  same('化粪池满了味道很臭', '化粪池溢出来了，臭味很大'),
  same('老年食堂饭菜太贵', '老年食堂的饭菜价格偏高，老人吃不起'),
  same('儿童游乐设施生锈有安全隐患', '儿童滑梯等游乐设施生锈了，不安全'),
  same('小区北边围墙倒塌', '北边围墙塌了一段'),
  same('充电桩太少电动车没地方充电', '电动车充电桩不够，充不上电'),
  same('顶楼防水层破了屋里漏雨', '顶楼漏雨，屋顶防水坏了'),
  same('邻居养鸽子粪便满地', '隔壁养的鸽子到处拉粪，很脏'),
  same('楼道声控灯不亮', '楼道的灯坏了'),
  same('垃圾分类桶没有盖子，蚊蝇多', '垃圾桶盖子坏了，苍蝇蚊子很多'),
  same('地下车库积水', '车库下雨后积水很深'),
  same('楼下烧烤摊油烟太大', '楼下烧烤店的油烟熏到家里'),
  same('井盖松动有人差点摔倒', '路上井盖松了，老人差点摔跤'),

  different('2号楼楼道灯坏了好几天', '2号楼门口垃圾桶满了'),
  different('小区东门垃圾桶满了没人清理', '东门保安晚上不在岗'),
  different('5栋楼下电动车堵住消防通道', '5栋楼顶漏雨'),
  different('广场舞音乐太吵影响休息', '广场地砖破损绊倒老人'),
  different('3单元电梯经常坏', '3单元楼道墙皮脱落'),
  different('小区路灯不亮', '小区路面坑洼积水'),
  different('流浪狗太多咬人', '邻居家狗叫声扰民'),
  different('下水道堵塞污水冒出来', '自来水停水没有提前通知'),
  different('健身器材损坏无人维修', '健身广场晚上太吵'),
  different('快递柜不够用包裹堆在门口', '快递员电动车乱停'),
  different('停车位不够到处乱停车', '车库漏水'),
  different('装修噪音中午也不停', '装修垃圾乱堆没人管'),
  different('老年食堂饭菜太贵', '老年活动室开放时间太短'),
  different('单元门门禁坏了陌生人随便进', '单元门口有人摆摊'),
  different('小区北边围墙倒塌', '围墙上乱贴小广告'),
  different('楼上漏水把我家天花板泡坏了', '楼上住户深夜噪音扰民'),
  different('充电桩太少电动车没地方充电', '电动车在楼道里充电有火灾隐患'),
  different('楼道里堆满杂物，存在火灾隐患', '楼道墙上乱涂乱画'),
  different('有人在绿化带种菜', '绿化带的树枝挡住窗户'),
  different('二次供水水质发黄', '二次供水水箱多年没清洗'),
  different('地下车库积水', '地下车库灯光太暗'),
  different('楼下烧烤摊油烟太大', '楼下烧烤摊占道经营'),
  different('邻居养鸽子粪便满地', '邻居在阳台晾衣服滴水'),
  different('儿童游乐设施生锈有安全隐患', '儿童游乐场旁边有人抽烟'),
  different('化粪池满了味道很臭', '垃圾站味道很臭'),
]
