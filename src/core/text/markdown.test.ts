import { describe, expect, it } from 'vitest';
import { markdownToText } from './markdown.ts';

const ANSWER = '## 提取材料\n\n1. **身份证**原件\n2. 购房合同\n\n- 办理地点：[公积金中心](https://example.invalid)\n\n> 注意：须本人办理';

describe('markdownToText', () => {
  it('gives plain text to index: no marks, no list markers', () => {
    expect(markdownToText(ANSWER)).toBe('提取材料\n身份证原件\n购房合同\n办理地点：公积金中心\n注意：须本人办理');
  });
  it('keeps numbered steps and bullets for an answer given to a caller', () => {
    expect(markdownToText(ANSWER, { lists: true })).toBe('提取材料\n1. 身份证原件\n2. 购房合同\n· 办理地点：公积金中心\n注意：须本人办理');
  });
  it('shows raw HTML as nothing that could run', () => {
    expect(markdownToText('<script>alert(1)</script>说明')).not.toContain('<');
  });
});
