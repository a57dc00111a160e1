import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/open12345.js');

async function cli(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('open12345 locate', () => {
  it('prints one JSON object with every level, the code, the confidence and no candidates', async () => {
    const r = await cli(['locate', '我家在西昌市长安街道…']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toEqual({
      province: { name: '四川省', code: '510000' },
      city: { name: '凉山彝族自治州', code: '513400' },
      county: { name: '西昌市', code: '513401' },
      town: { name: '长安街道', code: '513401004' },
      code: '513401004',
      confidence: expect.any(Number),
      candidates: [],
    });
  });

  it('lists candidates with their full paths when the text fits several places', async () => {
    const r = await cli(['locate', '朝阳区']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ province: null, city: null, county: null, town: null, code: null });
    expect(out.confidence).toBeLessThanOrEqual(0.3);
    expect(out.candidates).toEqual([
      { province: { name: '北京市', code: '110000' }, city: null, county: { name: '朝阳区', code: '110105' }, town: null, code: '110105' },
      {
        province: { name: '吉林省', code: '220000' },
        city: { name: '长春市', code: '220100' },
        county: { name: '朝阳区', code: '220104' },
        town: null,
        code: '220104',
      },
    ]);
  });

  it('takes an address given as several words', async () => {
    const r = await cli(['locate', '大足区', '龙岗街道', '二环南路']);
    expect(JSON.parse(r.stdout).code).toBe('500111001');
  });

  it('answers confidence 0 when there is no place in the text', async () => {
    const r = await cli(['locate', '路灯不亮已经一周了']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ code: null, confidence: 0, candidates: [] });
  });

  it('refuses empty text in Chinese with exit code 2', async () => {
    const results = await Promise.all([['locate', ''], ['locate', '  ，。 '], ['locate']].map(cli));
    for (const r of results) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^错误：请给出要识别的地址文字/);
    }
  });
});
