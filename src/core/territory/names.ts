/**
 * How Chinese administrative names are shortened in speech: 大足区 → 大足, 凉山彝族自治州 → 凉山,
 * 裕隆回族乡 → 裕隆. Callers almost never say the suffix or the ethnic part of an autonomous name.
 */

export type Level = 'province' | 'city' | 'county' | 'town';

export const LEVELS: readonly Level[] = ['province', 'city', 'county', 'town'];

/** Suffixes stripped from official names to get the short form, longest first within a level. */
const OFFICIAL_SUFFIXES: Record<Level, readonly string[]> = {
  province: ['特别行政区', '自治区', '省', '市'],
  city: ['自治州', '地区', '盟', '市'],
  county: ['自治县', '自治旗', '林区', '特区', '区', '县', '市', '旗'],
  town: ['街道办事处', '民族苏木', '民族乡', '街道', '苏木', '镇', '乡'],
};

/**
 * Suffixes a caller may put after a short name, per level. 县, 区 and 市 are interchangeable at the
 * county level because counties are often renamed (会理县 → 会理市, 长泰县 → 长泰区) and callers keep
 * the old name; 州 is how 凉山彝族自治州 is said (凉山州).
 */
export const SPOKEN_SUFFIXES: Record<Level, readonly string[]> = {
  province: ['自治区', '省', '市'],
  city: ['地区', '州', '盟', '市'],
  county: ['区', '县', '市', '旗'],
  town: ['街道办事处', '办事处', '街道', '苏木', '镇', '乡'],
};

/** Every spoken suffix of every level, longest first, to recognise which level a caller meant. */
export const ALL_SPOKEN_SUFFIXES: readonly string[] = [...new Set(Object.values(SPOKEN_SUFFIXES).flat())].sort(
  (a, b) => b.length - a.length,
);

/**
 * Words that, right after a short name, show it is part of a road, building or landmark name
 * (长安路, 新华小区, 宝顶山) rather than the division itself. 城 is not one: 大足城区 is 大足.
 */
export const PLACE_WORDS: readonly string[] = [
  '大道', '胡同', '社区', '小区', '花园', '广场', '大厦', '公园', '市场', '中学', '小学', '学校', '医院',
  '酒店', '宾馆', '公司', '单元', '路', '街', '道', '巷', '弄', '村', '组', '桥', '站', '号', '栋', '楼',
  '厂', '寺', '湖', '山', '河', '江', '沟', '湾', '岛', '坝', '门', '园', '苑', '院', '馆', '店',
].sort((a, b) => b.length - a.length);

/**
 * Endings of road and station names: a town called after its road or station (长安路街道, 火车站乡)
 * is not meant by the road or the station alone.
 */
export const ROAD_WORDS: readonly string[] = ['大道', '胡同', '路', '街', '道', '巷', '弄', '站'];

/** Words that come before a place name in speech: 在大足, 住西昌, 是邵阳的, 到龙岗. */
export const WORDS_BEFORE_PLACE: readonly string[] = [
  '在', '住', '是', '到', '去', '从', '自', '于', '往', '来', '回', '至', '近', '和', '与', '或', '及', '属', '归',
];

/** Words that come after a place name in speech: 大足的, 西昌这边, 邵阳城区, 凉山人. */
export const WORDS_AFTER_PLACE: readonly string[] = [
  '的', '这', '那', '附近', '一带', '境内', '周边', '城', '市区', '县城', '人', '某', '和', '与', '或', '及', '里', '内',
];

/** The 55 minorities as they appear inside autonomous names, plus 各族 (隆林各族自治县). */
const ETHNIC_GROUPS: readonly string[] = [
  '蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜', '满', '侗', '瑶', '白', '土家', '哈尼',
  '哈萨克', '傣', '黎', '傈僳', '佤', '畲', '高山', '拉祜', '水', '东乡', '纳西', '景颇', '柯尔克孜',
  '土', '达斡尔', '仫佬', '羌', '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米', '塔吉克', '怒',
  '乌孜别克', '俄罗斯', '鄂温克', '德昂', '保安', '裕固', '京', '塔塔尔', '独龙', '鄂伦春', '赫哲',
  '门巴', '珞巴', '基诺', '各',
];

/** Ethnic parts stripped from the end of a stem, longest first so 土家族 is not read as 土族. */
const ETHNIC_ENDINGS: readonly string[] = [
  ...ETHNIC_GROUPS.map((e) => `${e}族`),
  // A few autonomous names drop 族 (博尔塔拉蒙古自治州, 伊犁哈萨克自治州, 新疆维吾尔自治区).
  '蒙古', '哈萨克', '维吾尔', '柯尔克孜',
  '民族',
].sort((a, b) => b.length - a.length);

/**
 * County names that are ordinary words (城区, 郊区, 矿区): they occur in addresses all the time
 * ("邵阳城区") and count only next to a city or province that owns them.
 */
const GENERIC_COUNTY_NAMES: ReadonlySet<string> = new Set([
  '城区', '郊区', '矿区', '新区', '市中区', '城中区', '城东区', '城西区', '城北区', '新城区', '老城区',
]);

/** Town-level rows whose name is not a 街道/镇/乡/苏木 (开发区, 农场, 管委会) are units of the statistics, not places callers name alone. */
const TOWN_NAME = /(街道|镇|乡|苏木|街道办事处)$/;

export interface NameForms {
  /** The official name as the data spells it, without parenthesised notes. */
  full: string;
  /** The short spoken form, or null when it would be a single character (沙县 → 沙) or is not safe. */
  short: string | null;
  /** The official suffix that was removed (区, 自治州, 街道, …), '' when none. */
  suffix: string;
  /** True when the name alone is too ordinary to locate anything (城区, 经济开发区). */
  generic: boolean;
}

/** Removes notes in full-width or ASCII parentheses: （工业园区）城南街道 → 城南街道. */
export function withoutNotes(name: string): string {
  return /[（(]/.test(name) ? name.replace(/[（(][^（()）]*[)）]/g, '').trim() : name;
}

/** Every ethnic ending ends in one of these; checking first keeps building 41k town names fast. */
const MAY_END_ETHNIC = /(族|蒙古|哈萨克|维吾尔|柯尔克孜)$/;

function stripEthnic(stem: string): string {
  let s = stem;
  for (let changed = MAY_END_ETHNIC.test(s); changed; ) {
    changed = false;
    for (const e of ETHNIC_ENDINGS) {
      // Keep at least two characters: the place name in front of the ethnic part.
      if (s.endsWith(e) && s.length - e.length >= 2) {
        s = s.slice(0, -e.length);
        changed = true;
        break;
      }
    }
  }
  return s;
}

/** The full, short and suffix forms of an official name at a level. */
export function nameForms(official: string, level: Level): NameForms {
  const full = withoutNotes(official);
  const suffix = OFFICIAL_SUFFIXES[level].find((s) => full.endsWith(s) && full.length > s.length) ?? '';
  const generic = level === 'county' ? GENERIC_COUNTY_NAMES.has(full) : level === 'town' && !TOWN_NAME.test(full);
  if (!suffix || generic) return { full, short: null, suffix, generic };
  let stem = full.slice(0, -suffix.length);
  // Ethnic parts only stand before 自治… and 民族乡/回族乡-like suffixes; a plain 区 or 镇 keeps them.
  if (suffix.startsWith('自治') || suffix.startsWith('民族') || level === 'town') stem = stripEthnic(stem);
  if (level === 'province' && suffix === '自治区') stem = stripEthnic(stem);
  const short = [...stem].length >= 2 ? stem : null;
  return { full, short, suffix, generic };
}

/** Which level a suffix said by a caller belongs to, for suffixes unique to one level. */
export function levelsOfSpokenSuffix(suffix: string): Level[] {
  return LEVELS.filter((l) => SPOKEN_SUFFIXES[l].includes(suffix));
}
