/**
 * What people type into the knowledge search in the demo's history, as they type it: short, in their
 * own words, now and then the pinyin initials. `entries` are the entries that answer it (by key):
 * the agent picks one of them from the results; none found, the search is a 知识缺口.
 */
export interface Lookup {
  entries: readonly string[];
  queries: readonly string[];
  /** Entries that look like the answer and are not (opened, then marked not useful). */
  near?: readonly string[];
}

/** The agent's search for a ticket's matter (history/matters.ts, phrases.ts keys), at intake. */
export const MATTER_LOOKUPS: Readonly<Record<string, Lookup>> = {
  fund: { entries: ['fund-rent', 'fund-buy'], queries: ['租房提取公积金', '公积金提取', '二手房提取公积金', 'gjj提取', '租房提取公积金材料'] },
  pension: { entries: ['flexible-pension', 'social-fee-payment'], queries: ['灵活就业养老保险', '灵活就业参保', '自由职业交社保', '灵活就业社保费'] },
  medical: { entries: ['remote-medical'], queries: ['异地就医备案', '异地就医', '外地看病医保报销'] },
  school: { entries: ['school-enrol'], queries: ['小学入学', '一年级报名材料', '小学划片'] },
  vaccine: { entries: ['flu-vaccine'], queries: ['流感疫苗', '成人流感疫苗接种'] },
  bus: { entries: ['bus-route'], queries: ['公交线路查询', '末班车时间'] },
  retire: { entries: ['retire'], queries: ['退休手续', '办理退休材料'] },
  praise: { entries: ['praise'], queries: ['表扬登记'] },
  lawsuit: { entries: ['hotline-scope'], queries: ['已经起诉', '不予受理情形'] },
  streetlight: { entries: ['streetlight'], queries: ['路灯不亮', '路灯报修', '路灯坏了'] },
  manhole: { entries: ['manhole'], queries: ['井盖破损', '井盖缺失'] },
  property: { entries: ['property-service', 'elevator', 'property-parking'], queries: ['物业不作为', '电梯故障', '物业收停车费', '物业服务投诉'] },
  house: { entries: ['house-safety', 'house-appraisal'], queries: ['外墙瓷砖脱落', '墙体裂缝', '房屋安全隐患'] },
  'illegal-building': { entries: ['illegal-building'], queries: ['违建', '楼顶搭建', '私搭乱建'] },
  water: { entries: ['water-outage', 'gas-outage', 'water-works-notice'], queries: ['停水', '水压低', '停气', '北城花园停水'] },
  vending: { entries: ['street-vending', 'facility-damage'], queries: ['占道经营', '护栏损坏', '公交站座椅坏了'] },
  roadworks: { entries: ['roadworks'], queries: ['道路施工工期', '施工围挡什么时候拆', '修路什么时候完工'] },
  noise: { entries: ['night-construction', 'shop-noise', 'night-works-notice'], queries: ['夜间施工噪音', '噪音扰民', '商铺音响噪音', '民族路夜间施工'] },
  fumes: { entries: ['fumes'], queries: ['油烟扰民', '餐饮油烟'] },
  garbage: { entries: ['garbage'], queries: ['垃圾清运', '垃圾站臭'] },
  consumer: { entries: ['prepaid-card', 'return-goods'], queries: ['预付卡退费', '会员卡退费', '质量问题退货'] },
  food: { entries: ['food-safety', 'expired-food'], queries: ['食品安全', '过期食品', '吃了拉肚子'] },
  price: { entries: ['price'], queries: ['明码标价', '结账多收钱'] },
  fire: { entries: ['fire-ebike', 'fire-lane'], queries: ['电动车楼道充电', '消防通道堵塞'] },
  parking: { entries: ['parking-block'], queries: ['乱停车堵出入口'] },
  wages: { entries: ['wage-arrears'], queries: ['拖欠工资', '欠薪', '农民工工资'] },
  'bus-shelter': { entries: ['bus-stop-suggestion'], queries: ['公交站遮阳棚'] },
};

/**
 * Questions callers ask on calls the agent answers on the line without a ticket, or citizens ask on
 * the portal (`portal`), with how often. The late entries answer theirs only once published; the
 * last ones (charging posts, 公租房, 低保, marriage appointments) no entry answers by the end: still
 * 知识缺口, as are the two written at the end but not yet reviewed. Those asked `since` a late share of
 * the history (a new 公租房 round, the 老年人乘车 rule) are asked most of late: the week's gaps.
 */
export interface Topic extends Lookup {
  weight: number;
  portal?: boolean;
  /** Asked only from this share of the history on (a new rule callers have started to ask about). */
  since?: number;
}

export const TOPICS: readonly Topic[] = [
  { entries: ['fund-rent', 'fund-buy'], queries: ['公积金提取', '租房提取公积金', '买房提取公积金'], weight: 3, portal: true },
  { entries: ['fund-loan'], queries: ['公积金贷款条件', '公积金贷款额度'], weight: 1.5, portal: true },
  { entries: ['fund-transfer'], queries: ['公积金转移', '换工作公积金怎么办'], weight: 1, portal: true },
  { entries: ['remote-medical'], queries: ['异地就医备案', '异地住院结算'], weight: 2, portal: true },
  { entries: ['resident-medical'], queries: ['居民医保缴费', '城乡居民医保什么时候交'], weight: 1.5, portal: true },
  { entries: ['social-fee-payment', 'flexible-pension'], queries: ['社保费怎么交', '灵活就业社保', '社保断缴补缴'], weight: 2, portal: true },
  { entries: ['retire'], queries: ['退休手续', '退休材料'], weight: 1 },
  { entries: ['unemployment'], queries: ['失业金怎么领', '失业保险金'], weight: 1.2, portal: true },
  { entries: ['pension-transfer'], queries: ['养老保险转移', '社保转移'], weight: 0.8, portal: true },
  { entries: ['labor-contract'], queries: ['没签劳动合同', '不签合同二倍工资'], weight: 0.8 },
  { entries: ['wage-arrears'], queries: ['拖欠工资', '欠薪投诉'], weight: 1 },
  { entries: ['iit-annual'], queries: ['个税汇算', '个税退税'], weight: 1.2, portal: true },
  { entries: ['iit-deduction'], queries: ['专项附加扣除', '房贷利息抵个税'], weight: 0.8, portal: true },
  { entries: ['school-enrol'], queries: ['小学入学', '一年级报名'], weight: 1.2, portal: true },
  { entries: ['school-transfer'], queries: ['转学手续', '转学'], weight: 0.6 },
  { entries: ['flu-vaccine', 'child-vaccine'], queries: ['流感疫苗', '疫苗接种', '疫苗本丢了'], weight: 1 },
  { entries: ['hukou-move'], queries: ['户口迁移', '购房落户'], weight: 1, portal: true },
  { entries: ['id-card'], queries: ['身份证补办', '身份证丢了'], weight: 1, portal: true },
  { entries: ['garbage-sorting', 'bulky-waste'], queries: ['垃圾分类', '旧沙发怎么扔', '装修垃圾清运'], weight: 0.8, portal: true },
  { entries: ['prepaid-card', 'return-goods', 'online-shopping'], queries: ['预付卡退费', '网购纠纷', '七天无理由退货'], weight: 1, portal: true },
  { entries: ['training-refund'], queries: ['培训班退费'], weight: 0.6, portal: true },
  { entries: ['owners-committee', 'repair-fund'], queries: ['成立业委会', '维修资金使用'], weight: 0.6, portal: true },
  { entries: ['taxi'], queries: ['出租车投诉', '网约车绕路'], weight: 0.6 },
  { entries: ['progress-query', 'dissatisfied'], queries: ['工单进度查询', '查询码', '办理结果不满意'], weight: 1, portal: true },
  // 知识缺口: asked before any entry answers them
  { entries: ['newborn-medical'], queries: ['新生儿医保', '刚出生的孩子上医保', '宝宝医保怎么办'], near: ['resident-medical'], weight: 1.2, portal: true },
  { entries: ['ebike-plate'], queries: ['电动车上牌', '电瓶车上牌', '电动自行车登记'], near: ['fire-ebike'], weight: 1.5, portal: true },
  { entries: ['residence-permit'], queries: ['居住证办理', '外地人办居住证'], near: ['school-enrol'], weight: 1, portal: true },
  { entries: ['elderly-card'], queries: ['老年人乘车卡', '老人坐公交免费', '老年优待证'], near: ['bus-route'], weight: 6, portal: true, since: 0.7 },
  { entries: ['gas-account'], queries: ['燃气过户', '二手房燃气过户'], near: ['gas-outage'], weight: 2.5, since: 0.5 },
  { entries: ['dog-registration'], queries: ['养狗办证', '养犬登记'], weight: 0.6, portal: true },
  { entries: [], queries: ['小区充电桩安装', '物业不让装充电桩'], near: ['property-service'], weight: 0.8 },
  { entries: [], queries: ['公租房', '公租房申请', '公租房怎么申请'], weight: 4, portal: true, since: 0.75 },
  { entries: [], queries: ['低保', '低保申请条件'], weight: 0.8, portal: true },
  { entries: [], queries: ['结婚登记预约'], weight: 0.5, portal: true },
];
