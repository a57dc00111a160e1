import type { Matter } from './matters.ts';

/** Places of the demo city (src/server/demo/seed.ts): each street office's roads and estates. */
export interface Spot {
  district: string;
  street: string;
  roads: readonly string[];
  estates: readonly string[];
}

export const SPOTS: readonly Spot[] = [
  { district: '渝中区', street: '解放碑街道', roads: ['新华路', '民生路', '邹容路', '民族路', '五一路', '八一路'], estates: ['新华小区', '民生花园', '邹容大厦', '八一路商住楼'] },
  { district: '渝中区', street: '七星岗街道', roads: ['中山一路', '金汤街', '通远门', '和平路', '领事巷'], estates: ['金汤街小区', '通远新村', '和平苑'] },
  { district: '江北区', street: '观音桥街道', roads: ['建新北路', '建新南路', '建新东路', '观音桥步行街'], estates: ['建新北路小区', '北城花园', '观音桥商住楼'] },
  { district: '江北区', street: '五里店街道', roads: ['五里店路', '江北城大街', '港城路'], estates: ['五里店小区', '港城花园', '江北城公寓'] },
];

/** Questions the agent answers on the call (直接答复): no unit of the demo city is needed. */
export const ANSWERED: readonly Matter[] = [
  {
    key: 'fund', category: '住房公积金/提取', types: [['consultation', 1]], weight: 5, place: 'none', title: '咨询公积金提取',
    contents: ['想咨询一下租房提取住房公积金要准备什么材料，可以在网上办吗？', '请问买了二手房以后，多长时间内可以提取公积金？'],
    process: [], result: [],
    answer: '已告知来电人：租房、购房提取住房公积金可通过公积金中心的网上服务平台或手机端办理，按页面提示上传身份证件和相关证明材料；具体条件以公积金中心最新规定为准。',
  },
  {
    key: 'pension', category: '劳动和社会保障/社会保险', types: [['consultation', 1]], weight: 3, place: 'none', title: '咨询灵活就业参保',
    contents: ['灵活就业人员怎么交养老保险？在哪里办？'],
    process: [], result: [],
    answer: '已告知来电人：灵活就业人员可持身份证到户籍或居住地的社保经办窗口登记参保，也可在社保网上服务平台办理，缴费档次可自行选择。',
  },
  {
    key: 'medical', category: '劳动和社会保障/医疗保险', types: [['consultation', 1]], weight: 2, place: 'none', title: '咨询异地就医备案',
    contents: ['要去外地照顾老人，异地就医备案怎么办理？'],
    process: [], result: [],
    answer: '已告知来电人：异地就医备案可通过国家医保服务平台或当地医保经办窗口办理，备案成功后在就医地定点医院可直接结算。',
  },
  {
    key: 'school', category: '教育文体/入学招生', types: [['consultation', 1]], weight: 3, place: 'none', title: '咨询小学入学',
    contents: ['孩子明年上小学，想咨询划片入学要哪些材料，什么时候报名？'],
    process: [], result: [],
    answer: '已告知来电人：小学入学按户籍和实际居住地划片，一般需户口簿、房产或居住证明，报名时间以区教委每年发布的招生公告为准。',
  },
  {
    key: 'vaccine', category: '卫生计生/疫苗接种', types: [['consultation', 1]], weight: 2, place: 'none', title: '咨询流感疫苗接种',
    contents: ['想问一下成人打流感疫苗在哪里打，需要预约吗？'],
    process: [], result: [],
    answer: '已告知来电人：可到居住地附近的社区卫生服务中心接种，建议提前通过电话或线上平台预约，携带身份证。',
  },
  {
    key: 'bus', category: '交通运输/公交线路', types: [['consultation', 1]], weight: 2, place: 'none', title: '咨询公交线路',
    contents: ['请问从观音桥到解放碑坐哪路公交最方便，末班车几点？'],
    process: [], result: [],
    answer: '已告知来电人可乘坐的公交线路和轨道交通换乘方式，并告知可在公交出行软件查询实时到站和末班车时间。',
  },
  {
    key: 'retire', category: '劳动和社会保障/退休待遇', types: [['consultation', 1]], weight: 2, place: 'none', title: '咨询退休手续',
    contents: ['我下个月就退休了，想问一下退休手续怎么办？'],
    process: [], result: [],
    answer: '已告知来电人：由所在单位或社保经办机构为其办理退休申报，个人需准备身份证、档案等材料，待遇核定后按月发放。',
  },
  {
    key: 'praise', category: '城乡建设/市政设施', types: [['praise', 1]], weight: 1, place: 'none', title: '表扬街道工作人员',
    contents: ['感谢街道的工作人员上周帮我们小区解决了积水问题，处理得又快又好，特此表扬。'],
    process: [], result: [],
    answer: '已感谢来电人的肯定，并将表扬转达相关街道。',
  },
];

/** Requests the hotline does not take (不予受理) or hands to an emergency line (转紧急热线). */
export const CLOSED_AT_INTAKE: readonly Matter[] = [
  {
    key: 'lawsuit', category: '城乡建设/房屋安全', types: [['help', 1]], weight: 0.8, place: 'estate', title: '邻里漏水纠纷',
    contents: ['{estate}楼上邻居装修把我家天花板弄漏水了，已经起诉到法院，想让热线催一下法院判决。'],
    process: [], result: [],
    outcome: { reject: { ground: 'litigation', reason: '该诉求为已进入司法程序的民事纠纷，不属于12345热线受理范围', referral: '受理案件的人民法院' } },
  },
  {
    key: 'gas', category: '公共安全/安全生产', types: [['report', 1]], weight: 0.3, place: 'estate', title: '楼道燃气泄漏',
    contents: ['{estate}{b}栋楼道里闻到很浓的燃气味，好像有人家里漏气了！'],
    process: [], result: [],
    outcome: { refer: '119' },
  },
  {
    key: 'crash', category: '交通运输/道路交通', types: [['help', 1]], weight: 0.2, place: 'road', title: '交通事故有人受伤',
    contents: ['{road}路口刚刚有电瓶车和小车撞了，有人受伤倒在地上。'],
    process: [], result: [],
    outcome: { refer: '120' },
  },
];

/** A burst of the same matter at one place (停水、夜间施工、路灯): what the warning pages should catch. */
export interface Surge {
  key: string;
  matter: string;
  street: string;
  road: string;
  estate?: string;
  contents: readonly string[];
  /** Days it lasts and how many callers ring: most on the first day, when it starts. */
  days: number;
  calls: number;
  /** The hours the calls come in (past midnight: still the night before). */
  hours: readonly number[];
}

export const SURGES: readonly Surge[] = [
  {
    key: 'outage', matter: 'water', street: '观音桥街道', road: '建新北路', estate: '北城花园', days: 2, calls: 14, hours: [7, 8, 8, 9, 9, 9, 10, 10, 11, 12],
    contents: ['北城花园从昨天开始停水，到现在还没来水，也没有任何通知，家里老人小孩没法生活。', '北城花园{b}栋停水快一天了，物业电话一直打不通，什么时候能恢复供水？', '北城花园又停水了，请有关部门尽快处理。'],
  },
  {
    key: 'night-works', matter: 'noise', street: '解放碑街道', road: '民族路', days: 3, calls: 16, hours: [21, 22, 22, 23, 23, 0, 1],
    contents: ['民族路的施工工地连续几天晚上通宵作业，噪音和灯光严重影响周边居民休息。', '现在已经半夜了，民族路工地还在打桩，吵得根本睡不着。', '民族路工地夜间施工有没有许可？每天晚上都很吵。'],
  },
  {
    key: 'dark-road', matter: 'streetlight', street: '七星岗街道', road: '中山一路', days: 2, calls: 10, hours: [19, 19, 20, 20, 21, 22],
    contents: ['中山一路从昨晚开始整条街的路灯都不亮了，晚上走路很危险。', '中山一路路灯全部熄灭，附近几个小区的居民都在反映，请尽快抢修。'],
  },
];

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '罗', '高', '林', '谢', '唐', '冉', '谭', '邓', '彭', '曾', '蒋', '向', '袁'];
export const GIVEN = ['建国', '秀英', '伟', '敏', '静', '磊', '丽', '强', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '霞', '平', '刚', '桂芳', '小红', '文', '玲', '浩', '婷', '鑫', '宇', '华', '兰'];

/** What staff write at each step: a few ways of saying each, so the timelines read like people wrote them. */
export const WORDS = {
  returnWrong: ['经核实，该事项属于{right}职责范围，非本单位职责，申请退回重新派单。', '该诉求应由{right}办理，本单位无执法权限，申请退回。'],
  returnBasis: '本单位职责清单',
  returnTry: ['该事项涉及多个部门，建议由其他单位牵头办理，申请退回。', '该问题历史遗留，本单位难以单独解决，申请退回。'],
  returnRefused: ['经核实，该事项属于贵单位职责范围，请继续办理。', '派单依据本单位职责清单，请按时限办理。'],
  returnApproved: '同意退回，重新派单。',
  extension: ['该问题涉及多个产权单位，需协调维修资金，无法在规定时限内办结，申请延期。', '需等待检测机构出具报告后才能作出处理决定，申请延期。', '施工需待天气好转后进行，申请延期。'],
  extensionRefused: '延期理由不充分，请按原时限办理。',
  completionRefused: ['办理结果过于简单，未说明具体处理措施和结果，请补充后重新答复。', '答复未回应来电人的核心诉求，请核实后重新答复。'],
  supervise: ['该工单已超过办理时限，请立即办理并反馈结果。', '来电人多次催问，请加快办理，按时反馈。'],
  remind: ['该工单即将到期，请抓紧办理。', '请关注办理时限，按时答复来电人。'],
  notContacted: ['来电人电话多次无人接听，已发短信告知办理结果。', '来电人电话停机，无法联系。'],
  redoReply: '重新核查后再次到现场处理，并与来电人当面沟通。',
  subdispatch: '请社区协助核实现场情况并处理。',
  childProcess: '社区网格员到现场核实情况，协助街道处理。',
  childResult: '已配合街道完成处理，情况已反馈街道。',
  visit: {
    satisfied: '来电人表示问题已解决，对办理结果满意。',
    basic: '来电人表示问题基本解决，希望今后处理更及时。',
    dissatisfied: '来电人表示问题没有解决，对办理结果不满意。',
    objective: '来电人诉求超出现行政策规定，已做好解释工作。',
  },
  appealReason: '来电人诉求超出本单位法定职责，已多次沟通解释。',
  appealEvidence: '与来电人的电话沟通记录及现场处理照片。',
  appealRefused: '申诉依据不足，维持原回访结果。',
  followUp: ['我之前反映的问题到现在还没解决，请尽快处理：', '再次反映：'],
  alertNote: ['已通知属地街道和相关部门到现场处置，持续关注来电情况。', '已与承办单位电话确认正在抢修，相关来电已合并办理。'],
} as const;
