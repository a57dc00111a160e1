import type { TicketType } from '../../../core/vocabulary.ts';

/**
 * What the demo city's callers ring about: short templates written for this project (no real
 * requests), each with its category, type, where it happens, and what the unit replies. Slots:
 * {road} {n} {estate} {b} {days} {shop} {street}.
 */
export interface Matter {
  key: string;
  category: string;
  /** The types this matter is registered as, with their weights. */
  types: ReadonlyArray<readonly [TicketType, number]>;
  /** How often it is raised, relative to the others. */
  weight: number;
  /** Where it happens: on a road (门牌号), in a housing estate (栋), or nowhere in particular. */
  place: 'road' | 'estate' | 'none';
  title: string;
  contents: readonly string[];
  /** The unit's handling report. */
  process: readonly string[];
  result: readonly string[];
  /** A question the agent answers at once from what the hotline knows (直接答复), never dispatched. */
  answer?: string;
  /** Outside the hotline's remit (不予受理) or an emergency for another line (转紧急热线). */
  outcome?: { reject: { ground: string; reason: string; referral: string } } | { refer: '110' | '119' | '120' | '122' };
}

export const SHOPS = ['火锅店', '烧烤店', '小面馆', '便利店', '健身房', '美容店', '培训机构', '超市', '奶茶店', '歌厅'] as const;

/** Requests a unit of the demo city handles: dispatched by the routing table. */
export const DISPATCHED: readonly Matter[] = [
  {
    key: 'streetlight', category: '城乡建设/路灯照明', types: [['help', 4], ['complaint', 1]], weight: 8, place: 'road',
    title: '{road}路灯不亮',
    contents: [
      '{road}{n}号附近有几盏路灯已经坏了{days}天，晚上一片漆黑，老人小孩出行不安全，请尽快修复。',
      '反映{road}一段路灯晚上时亮时不亮，附近居民晚上回家要打手电筒，希望相关部门来检修。',
    ],
    process: ['接件后安排路灯维护班组到{road}现场排查，查明为线路老化导致故障，已更换电缆和灯具。', '维护班组夜间巡查{road}路段，更换损坏的光源和控制器。'],
    result: ['{road}故障路灯已恢复照明。', '该路段路灯已全部修复，已纳入日常夜间巡查。'],
  },
  {
    key: 'manhole', category: '城乡建设/道路井盖', types: [['help', 1]], weight: 4, place: 'road',
    title: '{road}井盖破损',
    contents: ['{road}{n}号门口人行道上有一个井盖破损下陷，已经有行人踩空扭伤，请尽快处理。', '{road}路口的雨水井盖不见了，只用一个塑料桶挡着，晚上很危险。'],
    process: ['街道城管中队到现场设置围挡警示，联系井盖权属单位到场更换。'],
    result: ['破损井盖已更换为防坠井盖，现场恢复通行。'],
  },
  {
    key: 'property', category: '城乡建设/物业管理', types: [['complaint', 1]], weight: 7, place: 'estate',
    title: '{estate}物业服务问题',
    contents: [
      '{estate}的物业公司很久没有打扫楼道，垃圾堆在楼梯口，业主找物业多次都没人管。',
      '{estate}{b}栋电梯这个月已经坏了三次，每次要停好几天，楼上住的多是老人，物业一直拖着不修。',
      '{estate}物业擅自把小区公共绿地改成收费停车位，业主都不同意，要求恢复原状。',
    ],
    process: ['约谈{estate}物业服务企业负责人，督促其落实保洁和设施维护责任，并到现场复查整改情况。'],
    result: ['物业已安排专人清理并承诺定期保洁，电梯已由维保单位检修恢复运行。', '物业已停止收费停车，绿地正在恢复，后续由业委会表决决定。'],
  },
  {
    key: 'house', category: '城乡建设/房屋安全', types: [['report', 1], ['help', 1]], weight: 2, place: 'estate',
    title: '{estate}房屋安全隐患',
    contents: ['{estate}{b}栋外墙瓷砖一块块往下掉，楼下就是人行道，担心砸到人，请尽快处理。', '{estate}{b}栋楼梯间墙上出现明显裂缝，而且越来越宽，居民都很担心。'],
    process: ['组织房屋安全鉴定人员现场查勘，设置警戒区域，督促产权单位落实排危措施。'],
    result: ['已清除外墙空鼓瓷砖并完成加固，警戒区域已撤除。', '经鉴定裂缝不影响结构安全，已做修补并定期观测。'],
  },
  {
    key: 'illegal-building', category: '城乡建设/违章建筑', types: [['report', 1]], weight: 3, place: 'estate',
    title: '{estate}违规搭建',
    contents: ['{estate}{b}栋顶楼住户在楼顶搭彩钢房，这几天正在施工，影响楼下住户安全。', '{estate}一楼商户把院坝围起来搭了棚子，占用了小区的消防通道。'],
    process: ['街道会同综合执法人员到现场核查，向当事人下达限期整改通知书。'],
    result: ['当事人已自行拆除违建部分，消防通道已恢复畅通。'],
  },
  {
    key: 'water', category: '城乡建设/供水供气', types: [['help', 1]], weight: 4, place: 'estate',
    title: '{estate}停水停气',
    contents: ['{estate}从{days}天前开始水压很低，高楼层基本没水，也没有看到停水通知。', '{estate}{b}栋天然气突然停了，问物业说不清楚原因，做饭都成问题。'],
    process: ['联系供水、供气企业到现场检修，查明为加压设备故障。'],
    result: ['供水、供气已恢复正常，企业承诺今后检修提前张贴通知。'],
  },
  {
    key: 'vending', category: '城乡建设/市政设施', types: [['complaint', 3], ['help', 1]], weight: 4, place: 'road',
    title: '{road}市政设施和占道问题',
    contents: ['{road}人行道上每天晚上都有流动摊贩占道经营，行人只能走到车行道上。', '{road}{n}号附近人行道的护栏被撞坏好久了，一直没人来修。', '{road}公交站的候车座椅坏了，老人等车没地方坐。'],
    process: ['街道城管中队加强{road}路段巡查，劝导占道摊贩入场经营，并通知设施管养单位维修。'],
    result: ['占道经营已清理，损坏设施已修复。'],
  },
  {
    key: 'roadworks', category: '城乡建设/市政设施', types: [['consultation', 1]], weight: 2, place: 'road',
    title: '咨询{road}施工工期',
    contents: ['{road}的施工围挡已经好几个月了，想问一下什么时候能完工恢复通行？'],
    process: ['向{road}施工项目的建设单位核实工期安排。'],
    result: ['经核实，该工程预计下月底完工，完工后即拆除围挡恢复通行。'],
  },
  {
    key: 'noise', category: '环境保护/噪声扰民', types: [['complaint', 1]], weight: 8, place: 'road',
    title: '{road}噪声扰民',
    contents: [
      '{road}{n}号附近的建筑工地每天晚上十一点以后还在施工，噪音很大，严重影响休息。',
      '{road}楼下的{shop}每天营业到凌晨，音响声音很大，附近居民都睡不着觉。',
      '{road}一带每天清晨五点多就有商户装卸货物，噪声扰民，希望管一管。',
    ],
    process: ['执法人员夜间到{road}现场监测噪声，约谈施工单位和商户负责人，依法责令整改。'],
    result: ['夜间施工已停止，商户已降低音量并调整营业时间，后续将加强夜间巡查。'],
  },
  {
    key: 'fumes', category: '环境保护/油烟污染', types: [['complaint', 1]], weight: 5, place: 'road',
    title: '{road}餐饮油烟扰民',
    contents: ['{road}{n}号一楼的{shop}油烟直接排到后面居民楼，家里窗户都不敢开。', '{road}几家{shop}的油烟净化器形同虚设，整条街油烟味都很重。'],
    process: ['到现场检查餐饮油烟净化设施，责令商户清洗净化器并改造排烟管道。'],
    result: ['商户已完成油烟净化设施整改，排放经检测达标。'],
  },
  {
    key: 'garbage', category: '环境保护/垃圾清运', types: [['complaint', 1]], weight: 4, place: 'estate',
    title: '{estate}垃圾清运不及时',
    contents: ['{estate}门口的垃圾桶满了{days}天都没人清运，天气热，气味很大。', '{estate}旁边的垃圾站周围垃圾散落一地，清运不及时，蚊蝇很多。'],
    process: ['协调环卫作业单位加密清运频次，对垃圾站周边进行冲洗消杀。'],
    result: ['积存垃圾已全部清运，已调整为每日早晚两次清运。'],
  },
  {
    key: 'consumer', category: '商贸旅游/消费维权', types: [['complaint', 1]], weight: 6, place: 'road',
    title: '{road}{shop}消费纠纷',
    contents: ['在{road}一家{shop}办了会员卡，充值两千元，现在门店突然关门，老板联系不上，要求退费。', '在{road}的{shop}买的东西有质量问题，商家拒绝退换，要求维护消费者权益。'],
    process: ['执法人员约谈经营者，组织消费者和商家进行调解。'],
    result: ['经调解，商家同意退还剩余费用，消费者表示接受。', '商家已为消费者办理退换，并被责令规范售后服务。'],
  },
  {
    key: 'food', category: '商贸旅游/食品安全', types: [['report', 1]], weight: 3, place: 'road',
    title: '{road}{shop}食品安全问题',
    contents: ['昨天在{road}一家{shop}吃饭后全家腹泻，怀疑食材不新鲜，后厨卫生很差。', '{road}的{shop}在卖过期食品，货架上好几样东西都过了保质期。'],
    process: ['执法人员到店检查，对相关食品抽样送检，责令下架过期食品。'],
    result: ['已对该经营者立案调查并责令整改，抽检结果将依法公示。'],
  },
  {
    key: 'price', category: '商贸旅游/价格投诉', types: [['complaint', 1]], weight: 2, place: 'road',
    title: '{road}{shop}价格问题',
    contents: ['{road}的{shop}标价和结账价格不一样，结账时多收了钱，店员还不承认。'],
    process: ['核查经营者的价格标示和收银记录。'],
    result: ['商家已退还多收款项，并被责令规范明码标价。'],
  },
  {
    key: 'fire', category: '公共安全/消防隐患', types: [['report', 1]], weight: 4, place: 'estate',
    title: '{estate}消防安全隐患',
    contents: ['{estate}{b}栋楼道里停满了电动车，还有人从楼上拉电线下来充电，消防隐患很大。', '{estate}的消防通道长期被私家车占用，真有火情消防车根本进不来。'],
    process: ['街道联合社区、物业开展消防安全检查，清理楼道杂物和电动车。'],
    result: ['楼道已清理完毕，小区新增电动车集中充电桩，消防通道已划线禁停。'],
  },
  {
    key: 'parking', category: '交通运输/停车管理', types: [['complaint', 1]], weight: 3, place: 'road',
    title: '{road}车辆乱停',
    contents: ['{road}{n}号附近经常有车辆乱停乱放，把小区出入口都堵住了。'],
    process: ['街道协调交巡警和物业加强巡查劝导，设置禁停标识。'],
    result: ['已在出入口施划禁停标线，违停情况明显好转。'],
  },
  {
    key: 'wages', category: '劳动和社会保障/欠薪', types: [['help', 1]], weight: 2, place: 'road',
    title: '{road}工地拖欠工资',
    contents: ['我在{road}一个装修工地做工，老板拖欠了三个月工资一直不给，一共一万多元。'],
    process: ['街道劳动保障所联系用工单位负责人，调查核实欠薪情况。'],
    result: ['经协调，用工单位已支付所欠工资。'],
  },
  {
    key: 'bus-shelter', category: '交通运输/公交线路', types: [['suggestion', 1]], weight: 2, place: 'road',
    title: '建议{road}公交站增设遮阳棚',
    contents: ['建议在{road}公交站增设遮阳棚和座椅，夏天等车太晒了。'],
    process: ['将建议转交公交站台管养单位研究。'],
    result: ['该站台已纳入今年的站台改造计划。'],
  },
];
