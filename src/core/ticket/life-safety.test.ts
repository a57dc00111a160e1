import { describe, expect, it } from 'vitest';
import { lifeSafetyCue } from './life-safety.ts';

const hotlines = (text: string, selected?: { type?: string; urgency?: string }) => lifeSafetyCue(text, selected)?.hotlines ?? [];

describe('lifeSafetyCue: emergencies the agent should pass to 110/119/120/122 (重庆 第十条; 凉山 第十四条)', () => {
  it.each([
    ['我家楼下有个老人晕倒了，叫不醒，请赶快帮忙叫救护车', '120'],
    ['我爸突然喘不上气，嘴唇发紫', '120'],
    ['邻居家小孩掉进河里了', '120'],
    ['厨房里闻到很大的煤气味，好像煤气泄漏了', '119'],
    ['对面楼五楼着火了，冒着黑烟', '119'],
    ['电梯坏了我们被困在电梯里半个小时了', '119'],
    ['楼下有人拿着刀在追人', '110'],
    ['小区门口两伙人打架，有人受了重伤', '110'],
    ['刚才有人抢劫了我的包', '110'],
    ['有个人站在楼顶说要跳楼', '110'],
    ['路口发生车祸，有人被车撞倒在地上', '122'],
    ['高速上两车追尾，堵住了', '122'],
  ])('%s → %s', (text, hotline) => {
    expect(hotlines(text)).toContain(hotline);
  });

  it('names every hotline a situation needs, the most pressing first, and the words that raised it', () => {
    const cue = lifeSafetyCue('刚刚发生车祸，一个人流血不止');
    expect(cue?.hotlines).toEqual(['120', '122']);
    expect(cue?.words).toEqual(expect.arrayContaining(['车祸', '流血不止']));
  });

  it.each([
    '救护车占道，停在小区门口堵了半天',
    '120急救车收费太贵了，要求核实收费标准',
    '小区消防通道被车辆占用，一旦发生火灾后果不堪设想',
    '楼道里堆满杂物，存在火灾隐患，请消防部门检查',
    '去年发生车祸，对方的赔偿到现在还没到位',
    '交通事故责任认定书什么时候能出来',
    '学校应加强防溺水宣传',
    '路面坑洼已经导致多位老人摔伤，要求尽快修复',
    '楼下饭店油烟很大，窗户都不敢开',
    '这条路晚上没有路灯，担心发生交通事故',
    '工作多年的单位拖欠工资，生活困难',
    '最近被噪音困扰，晚上睡不着',
  ])('stays quiet on: %s', (text) => {
    expect(lifeSafetyCue(text)).toBeNull();
  });

  it('a question or suggestion counts only when it is happening now', () => {
    expect(lifeSafetyCue('车祸以后医药费谁来出', { type: 'consultation' })).toBeNull();
    expect(lifeSafetyCue('建议在路口装红绿灯，这里经常撞车', { type: 'suggestion' })).toBeNull();
    expect(hotlines('我现在被困在电梯里，想问问怎么办', { type: 'consultation' })).toContain('119');
  });

  it('something happening now outweighs words that usually mean a hazard', () => {
    expect(hotlines('现在着火了，之前就说过有火灾隐患')).toContain('119');
  });

  it('a 求助 marked 特殊紧急 reminds of every hotline even without a sign in the text', () => {
    expect(hotlines('请尽快派人来', { type: 'help', urgency: 'emergency' })).toEqual(['110', '119', '120', '122']);
    expect(lifeSafetyCue('请尽快派人来', { type: 'help', urgency: 'normal' })).toBeNull();
  });
});
