/**
 * The request categories the demo deployment registers with (a deployment edits its own). Two
 * levels, written for this project: 一级 by government domain, 二级 the matters callers raise most.
 */
export interface Category {
  value: string;
  label: string;
  children?: Category[];
}

const leaf = (parent: string, names: string[]): Category[] => names.map((n) => ({ value: `${parent}/${n}`, label: n }));

export const CATEGORIES: Category[] = [
  { value: '城乡建设', label: '城乡建设', children: leaf('城乡建设', ['市政设施', '路灯照明', '道路井盖', '物业管理', '房屋安全', '违章建筑', '供水供气', '拆迁安置']) },
  { value: '环境保护', label: '环境保护', children: leaf('环境保护', ['噪声扰民', '油烟污染', '大气污染', '水污染', '垃圾清运']) },
  { value: '劳动和社会保障', label: '劳动和社会保障', children: leaf('劳动和社会保障', ['欠薪', '社会保险', '医疗保险', '就业创业', '退休待遇']) },
  { value: '交通运输', label: '交通运输', children: leaf('交通运输', ['公交线路', '出租网约车', '道路交通', '停车管理']) },
  { value: '教育文体', label: '教育文体', children: leaf('教育文体', ['入学招生', '校外培训', '教育收费', '文体设施']) },
  { value: '卫生计生', label: '卫生计生', children: leaf('卫生计生', ['医疗服务', '疫苗接种', '药品安全', '计划生育']) },
  { value: '商贸旅游', label: '商贸旅游', children: leaf('商贸旅游', ['消费维权', '食品安全', '价格投诉', '旅游服务']) },
  { value: '公共安全', label: '公共安全', children: leaf('公共安全', ['治安隐患', '消防隐患', '安全生产']) },
  { value: '住房公积金', label: '住房公积金', children: leaf('住房公积金', ['缴存', '提取', '贷款']) },
];
