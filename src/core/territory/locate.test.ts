import { beforeAll, describe, expect, it } from 'vitest';
import { locate, packagedGazetteer, type Located } from './index.ts';

/** The path of a result as text, "province/city/county/town", empty where a level is null. */
const pathText = (r: Pick<Located, 'province' | 'city' | 'county' | 'town'>) =>
  [r.province, r.city, r.county, r.town].map((p) => p?.name ?? '').join('/');

beforeAll(() => {
  packagedGazetteer();
});

describe('locate: real addresses of 重庆市大足区', () => {
  it.each([
    ['大足区龙岗街道二环南路123号', '重庆市//大足区/龙岗街道', '500111001'],
    ['重庆市大足区棠香街道', '重庆市//大足区/棠香街道', '500111002'],
    ['重庆市大足区智凤街道', '重庆市//大足区/智凤街道', '500111006'],
    ['大足区宝顶镇', '重庆市//大足区/宝顶镇', '500111102'],
    ['重庆大足龙水镇', '重庆市//大足区/龙水镇', '500111100'],
    ['大足宝顶', '重庆市//大足区/宝顶镇', '500111102'],
    ['大足龙岗', '重庆市//大足区/龙岗街道', '500111001'],
    ['大足区', '重庆市//大足区/', '500111'],
    ['大足', '重庆市//大足区/', '500111'],
    ['棠香街道', '重庆市//大足区/棠香街道', '500111002'],
    ['龙岗街道大足区', '重庆市//大足区/龙岗街道', '500111001'],
  ])('%s → %s', (text, path, code) => {
    const r = locate(text);
    expect(pathText(r)).toBe(path);
    expect(r.code).toBe(code);
    expect(r.candidates).toEqual([]);
    expect(r.confidence).toBeGreaterThan(0.5);
  });
});

describe('locate: real addresses of 凉山彝族自治州', () => {
  it.each([
    ['我家在西昌市长安街道', '四川省/凉山彝族自治州/西昌市/长安街道', '513401004'],
    ['四川省凉山州西昌市西城街道航天大道', '四川省/凉山彝族自治州/西昌市/西城街道', '513401002'],
    ['西昌长安', '四川省/凉山彝族自治州/西昌市/长安街道', '513401004'],
    ['西昌', '四川省/凉山彝族自治州/西昌市/', '513401'],
    ['凉山', '四川省/凉山彝族自治州//', '513400'],
    ['凉山州', '四川省/凉山彝族自治州//', '513400'],
    ['凉山州会理市城北街道', '四川省/凉山彝族自治州/会理市/城北街道', '513402001'],
    ['会理', '四川省/凉山彝族自治州/会理市/', '513402'],
    ['冕宁', '四川省/凉山彝族自治州/冕宁县/', '513433'],
    ['冕宁泸沽镇', '四川省/凉山彝族自治州/冕宁县/泸沽镇', '513433104'],
    ['盐源县盐井街道', '四川省/凉山彝族自治州/盐源县/盐井街道', '513423001'],
  ])('%s → %s', (text, path, code) => {
    const r = locate(text);
    expect(pathText(r)).toBe(path);
    expect(r.code).toBe(code);
    expect(r.candidates).toEqual([]);
    expect(r.confidence).toBeGreaterThan(0.5);
  });
});

describe('locate: real addresses of 湖南省邵阳市', () => {
  it.each([
    ['邵阳大祥区', '湖南省/邵阳市/大祥区/', '430503'],
    ['湖南省邵阳市双清区', '湖南省/邵阳市/双清区/', '430502'],
    ['邵阳北塔区状元洲街道', '湖南省/邵阳市/北塔区/状元洲街道', '430511002'],
    ['邵阳市城南街道', '湖南省/邵阳市/大祥区/城南街道', '430503007'],
    ['邵东市两市塘街道', '湖南省/邵阳市/邵东市/两市塘街道', '430582002'],
    ['新邵县酿溪镇', '湖南省/邵阳市/新邵县/酿溪镇', '430522100'],
    ['隆回县花门街道', '湖南省/邵阳市/隆回县/花门街道', '430524002'],
    ['武冈市辕门口街道', '湖南省/邵阳市/武冈市/辕门口街道', '430581001'],
    ['邵东', '湖南省/邵阳市/邵东市/', '430582'],
    ['武冈', '湖南省/邵阳市/武冈市/', '430581'],
    ['城步', '湖南省/邵阳市/城步苗族自治县/', '430529'],
    // 邵阳 is both the city and 邵阳县 inside it: the short name means the city, the full name the county.
    ['邵阳', '湖南省/邵阳市//', '430500'],
    ['邵阳县', '湖南省/邵阳市/邵阳县/', '430523'],
    ['邵阳城区', '湖南省/邵阳市//', '430500'],
  ])('%s → %s', (text, path, code) => {
    const r = locate(text);
    expect(pathText(r)).toBe(path);
    expect(r.code).toBe(code);
    expect(r.candidates).toEqual([]);
    expect(r.confidence).toBeGreaterThan(0.5);
  });
});

describe('locate: noise around the address', () => {
  it.each([
    ['我住在西昌市长安街道三岔口社区附近，楼下烧烤店油烟太大', '513401004'],
    ['大足区，龙岗街道。', '500111001'],
    ['大足区龙岗街道 二环南路 3 号', '500111001'],
    ['我家住在大足区棠香街道五星大道', '500111002'],
    ['我是大足的，家住龙岗', '500111001'],
    ['住在宝顶镇附近', '500111102'],
    ['地址：湖南省邵阳市大祥区城南街道', '430503007'],
    ['ＸＸ大足区', '500111'],
    ['来自西昌的投诉', '513401'],
    ['安徽和县', '340523'],
  ])('%s → %s', (text, code) => {
    expect(locate(text).code).toBe(code);
  });

  it('does not take a road or a station for the town named after it', () => {
    // 红旗路街道 is in 大祥区, 火车站乡 in 双清区: the road and the station alone do not say so.
    expect(locate('邵阳市红旗路').code).toBe('430500');
    expect(locate('邵阳火车站附近').code).toBe('430500');
    expect(locate('大足区长安路').code).toBe('500111');
  });

  it('does not read a short name inside a longer one', () => {
    // 西城 (北京西城区) inside 西城街道, 龙岗 (深圳龙岗区) inside 龙岗街道.
    expect(locate('西昌市西城街道').county?.code).toBe('513401');
    expect(locate('大足区龙岗街道').county?.code).toBe('500111');
  });

  it('keeps a town the county does not have out of the answer, and is less sure', () => {
    const r = locate('大足区长安街道');
    expect(r.code).toBe('500111');
    expect(r.town).toBeNull();
    expect(r.confidence).toBeLessThan(locate('大足区').confidence);
  });

  it('is surer the more levels agree', () => {
    const one = locate('龙岗街道大足区').confidence;
    expect(locate('重庆市大足区龙岗街道').confidence).toBeGreaterThan(one);
    expect(one).toBeGreaterThan(locate('大足龙岗').confidence);
    expect(locate('大足区').confidence).toBeGreaterThan(locate('大足').confidence);
  });
});

describe('locate: ambiguous names answer with candidates', () => {
  it('朝阳区 is in 北京 and in 长春', () => {
    const r = locate('朝阳区');
    expect(r).toMatchObject({ province: null, city: null, county: null, town: null, code: null });
    expect(r.confidence).toBeLessThanOrEqual(0.3);
    expect(r.candidates.map((c) => [pathText(c), c.code])).toEqual([
      ['北京市//朝阳区/', '110105'],
      ['吉林省/长春市/朝阳区/', '220104'],
    ]);
  });

  it('a city or province given picks one', () => {
    expect(locate('北京朝阳区').code).toBe('110105');
    expect(locate('长春朝阳区').code).toBe('220104');
    expect(locate('吉林朝阳区').code).toBe('220104');
  });

  it('a town name alone that several counties have', () => {
    const r = locate('龙岗街道');
    expect(r.code).toBeNull();
    expect(r.confidence).toBeLessThanOrEqual(0.3);
    const codes = r.candidates.map((c) => c.code);
    expect(codes).toContain('500111001');
    expect(codes).toContain('440307016');
    const dazu = r.candidates.find((c) => c.code === '500111001')!;
    expect(pathText(dazu)).toBe('重庆市//大足区/龙岗街道');
    expect(dazu.county).toEqual({ name: '大足区', code: '500111' });
  });

  it('the county given narrows the town', () => {
    expect(locate('会理市城南街道').code).toBe('513402002');
    expect(locate('大祥区城南街道').code).toBe('430503007');
  });

  it('caps the list of a very common name and is then hardly sure at all', () => {
    const r = locate('城关镇');
    expect(r.candidates.length).toBe(20);
    expect(r.confidence).toBeLessThan(0.05);
    for (const c of r.candidates) expect(c.town?.name).toBe('城关镇');
  });

  it('contradicting places are not resolved by a guess', () => {
    const r = locate('成都市大足区');
    expect(r.candidates.map((c) => c.code).sort()).toEqual(['500111', '510100']);
  });
});

describe('locate: nothing to find', () => {
  it.each([
    '',
    '   ',
    'hello 123',
    '。，！',
    '住在长安路附近',
    // Short names inside ordinary words: 积金镇 in 公积金, 公安县 in 公安局, 和平区, 北京 in 北京时间, 新华区 in 新华路.
    '今天天气很好，我想咨询一下公积金提取的问题',
    '公安局说这事不归他们管',
    '希望和平解决',
    '北京时间下午三点',
    '新华路路灯不亮已经一周了',
    '我和县里的人说了', // 和县 (安徽) is a full name, but here 和 and 县 belong to other words
  ])('%j', (text) => {
    expect(locate(text)).toEqual({
      province: null, city: null, county: null, town: null, code: null, confidence: 0, candidates: [],
    });
  });
});

describe('locate: speed', () => {
  it('answers well under 5 ms once the index is built', () => {
    const texts = ['大足区龙岗街道二环南路123号附近路灯不亮', '我家在西昌市长安街道', '邵阳大祥区', '龙岗街道', '朝阳区'];
    for (const t of texts) locate(t);
    const rounds = 100;
    const start = performance.now();
    for (let i = 0; i < rounds; i++) for (const t of texts) locate(t);
    const perLookup = (performance.now() - start) / (rounds * texts.length);
    expect(perLookup).toBeLessThan(5);
  });
});
