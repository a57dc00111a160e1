import { describe, expect, it } from 'vitest';
import { parseSmsReply } from './sms-reply.ts';

describe('短信回访的回复 (凉山 第十三条（一）)', () => {
  it.each([
    ['1', 'satisfied'],
    ['2', 'basic'],
    ['3', 'dissatisfied'],
    [' １ ', 'satisfied'],
    ['２', 'basic'],
    ['满意', 'satisfied'],
    ['基本满意', 'basic'],
    ['不满意', 'dissatisfied'],
    ['不太满意', 'dissatisfied'],
    ['回复1，谢谢', 'satisfied'],
    ['3 不满意，路灯还是不亮', 'dissatisfied'],
    ['2基本满意', 'basic'],
    ['非常满意！', 'satisfied'],
    ['满意，10号已修好', 'satisfied'],
  ])('%s → %s', (text, want) => {
    expect(parseSmsReply(text)).toBe(want);
  });

  it.each(['', '   ', '好的', '4', '12', '1 3', '满意 3', '谁啊', '什么时候修？'])('%j is left for the visitor', (text) => {
    expect(parseSmsReply(text)).toBeNull();
  });
});
