import { describe, expect, it } from 'vitest';
import { parseUnitFile, UnitFileError } from '../../src/server/units/import-file.ts';
import { planUnitImport, type ExistingUnit } from '../../src/server/units/import.ts';

const HEADER = 'name,kind,parent,region_code,duties';

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof UnitFileError) return error.problems;
    throw error;
  }
  return [];
}

const plan = (csv: string, existing: ExistingUnit[] = []) => planUnitImport(existing, parseUnitFile(`${HEADER}\n${csv}`, 'csv'));

describe('unit files', () => {
  it('reads CSV with quotes, Chinese headers and kinds, and JSON', () => {
    const rows = parseUnitFile('\uFEFF名称,类型,上级,区划代码,职责\n"中心, 总部",中心,,,\n东湖区,区县,"中心, 总部",990101,"噪声;占道、""市容"""\n', 'csv');
    expect(rows.map((r) => [r.line, r.name, r.kind, r.parent, r.regionCode, r.duties])).toEqual([
      [2, '中心, 总部', 'center', '', null, []],
      [3, '东湖区', 'district', '中心, 总部', '990101', ['噪声', '占道', '"市容"']],
    ]);
    const json = parseUnitFile(JSON.stringify([{ name: '热线中心', kind: 'center' }, { name: '东湖区', kind: 'district', parent: '热线中心', duties: ['噪声'] }]), 'json');
    expect(json[1]).toMatchObject({ where: '第 2 项', parent: '热线中心', duties: ['噪声'] });
  });

  it('names the line of every bad row: kind, region code, unknown parent, cycle, duplicate, second root', () => {
    expect(problems(() => parseUnitFile(`${HEADER}\n热线中心,center,,,\n东湖区,county,热线中心,,\n西山区,district,热线中心,12,`, 'csv'))).toEqual([
      expect.stringMatching(/^第 3 行：单位类型「county」不正确/),
      expect.stringMatching(/^第 4 行：区划代码「12」/),
    ]);
    expect(problems(() => plan('热线中心,center,,,\n东湖区,district,热线中心,,\n和平街道,street,东胡区,,'))).toEqual([
      expect.stringMatching(/^第 4 行：上级单位「东胡区」不存在/),
    ]);
    expect(problems(() => plan('热线中心,center,,,\n甲街道,street,乙街道,,\n乙街道,street,甲街道,,'))).toEqual([
      '第 3 行：上级关系成环：甲街道 → 乙街道 → 甲街道',
      '第 4 行：上级关系成环：乙街道 → 甲街道 → 乙街道',
    ]);
    expect(problems(() => plan('热线中心,center,,,\n东湖区,district,热线中心,,\n东湖区,district,热线中心,,'))).toEqual([
      '第 4 行：与第 3 行重复（同一上级下的「东湖区」）',
    ]);
    expect(problems(() => plan('热线中心,center,,,\n另一个中心,center,,,'))[0]).toMatch(/^第 3 行：单位树已有根单位「热线中心」/);
    expect(problems(() => plan('东湖区,district,,,'))[0]).toMatch(/只有热线中心（center）可以作为根单位/);
  });

  it('takes parents defined later in the file, asks for a path when a name is shared, and finds paths', () => {
    const ops = plan('和平社区,community,和平街道,,\n和平街道,street,东湖区,,\n东湖区,district,热线中心,,\n热线中心,center,,,');
    expect(ops.map((o) => o.row.name)).toEqual(['热线中心', '东湖区', '和平街道', '和平社区']);
    const shared = '热线中心,center,,,\n东湖区,district,热线中心,,\n西山区,district,热线中心,,\n和平街道,street,东湖区,,\n和平街道,street,西山区,,\n';
    expect(problems(() => plan(`${shared}安居社区,community,和平街道,,`))[0]).toMatch(/^第 7 行：有 2 个单位叫「和平街道」，请把上级写成完整路径/);
    expect(plan(`${shared}安居社区,community,热线中心/西山区/和平街道,,`)).toHaveLength(6);
  });

  it('matches units already in the tree by parent and name: a second import changes nothing', () => {
    const existing: ExistingUnit[] = [
      { id: 'c', parentId: null, name: '热线中心', kind: 'center', regionCode: null, responsibilities: [] },
      { id: 'd', parentId: 'c', name: '东湖区', kind: 'district', regionCode: '990101', responsibilities: [] },
    ];
    const ops = plan('热线中心,center,,,\n东湖区,district,热线中心,990101,\n和平街道,street,东湖区,,', existing);
    expect(ops.map((o) => o.op)).toEqual(['same', 'same', 'create']);
    expect(plan('东湖区,district,热线中心,990101,噪声', existing).map((o) => o.op)).toEqual(['update']);
  });
});
