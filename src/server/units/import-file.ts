import type { UnitKind } from './store.ts';

/** One row of a unit file, as written, with the line it came from (for error messages). */
export interface UnitRow {
  line: number;
  /** "第 3 行" in a CSV, "第 3 项" in a JSON array: how messages name this row. */
  where: string;
  name: string;
  kind: UnitKind;
  /** The parent's name, or its path of names from the root; empty for the root (the center). */
  parent: string;
  regionCode: string | null;
  duties: string[];
}

export class UnitFileError extends Error {
  override name = 'UnitFileError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const KINDS: Record<string, UnitKind> = {
  center: 'center', 中心: 'center', 热线中心: 'center',
  district: 'district', 区县: 'district', 区: 'district', 县: 'district',
  department: 'department', 部门: 'department', 职能部门: 'department',
  street: 'street', 街道: 'street', 乡镇: 'street', 街镇: 'street', '街道/乡镇': 'street',
  community: 'community', 社区: 'community', 村: 'community',
  enterprise: 'enterprise', 企业: 'enterprise',
};

const COLUMNS: Record<string, keyof Omit<UnitRow, 'line' | 'where'>> = {
  name: 'name', 名称: 'name', 单位名称: 'name',
  kind: 'kind', 类型: 'kind',
  parent: 'parent', 上级: 'parent', 上级单位: 'parent',
  region_code: 'regionCode', regioncode: 'regionCode', 区划代码: 'regionCode',
  duties: 'duties', responsibilities: 'duties', 职责: 'duties',
};

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. Returns rows with their first line number. */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const out: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const src = text.replace(/^\uFEFF/, ''); // Excel writes a BOM
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((x) => x.trim() !== '')) out.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      rowLine = ++line;
    } else cell += c;
  }
  cells.push(cell);
  if (cells.some((x) => x.trim() !== '')) out.push({ line: rowLine, cells });
  return out;
}

function duties(value: unknown): string[] {
  const list = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[;；|、]/);
  return list.map((s) => s.trim()).filter(Boolean);
}

/** Checks one row's own fields (what it says about its parent is checked against the whole tree later). */
function toRow(line: number, where: string, raw: Record<string, unknown>, problems: string[]): UnitRow | null {
  const name = String(raw.name ?? '').trim();
  const kindText = String(raw.kind ?? '').trim();
  const kind = KINDS[kindText] ?? KINDS[kindText.toLowerCase()];
  const regionCode = String(raw.regionCode ?? '').trim() || null;
  const before = problems.length;
  if (name.length < 2 || name.length > 100) problems.push(`${where}：单位名称应为 2–100 个字${name ? `（「${name}」）` : ''}`);
  else if (name.includes('/')) problems.push(`${where}：单位名称不能含有“/”（“/”用来写上级路径）：${name}`);
  if (!kind) problems.push(`${where}：单位类型「${kindText}」不正确，应为 center/district/department/street/community/enterprise（或 中心/区县/部门/街道/社区/企业）`);
  if (regionCode && !/^\d{6}(\d{3})?$/.test(regionCode)) problems.push(`${where}：区划代码「${regionCode}」应为 6 位（县级）或 9 位（乡级）数字`);
  const list = duties(raw.duties);
  if (list.length > 50 || list.some((d) => d.length > 50)) problems.push(`${where}：职责最多 50 项，每项最多 50 个字`);
  if (problems.length > before) return null;
  return { line, where, name, kind: kind!, parent: String(raw.parent ?? '').trim(), regionCode, duties: list };
}

/** Reads a unit file: CSV with a header row (name,kind,parent,region_code,duties) or a JSON array of objects. */
export function parseUnitFile(text: string, format: 'csv' | 'json'): UnitRow[] {
  const problems: string[] = [];
  const rows: UnitRow[] = [];
  if (format === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new UnitFileError([`不是合法的 JSON：${(error as Error).message}`]);
    }
    if (!Array.isArray(data)) throw new UnitFileError(['JSON 文件应为单位对象的数组']);
    data.forEach((item, i) => {
      if (!item || typeof item !== 'object') return void problems.push(`第 ${i + 1} 项：应为对象`);
      const o = item as Record<string, unknown>;
      const raw: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(o)) if (COLUMNS[k] ?? COLUMNS[k.toLowerCase()]) raw[COLUMNS[k] ?? COLUMNS[k.toLowerCase()]!] = v;
      // JSON has no lines: the n-th object is named by its position
      const row = toRow(i + 1, `第 ${i + 1} 项`, raw, problems);
      if (row) rows.push(row);
    });
    if (problems.length) throw new UnitFileError(problems);
    return rows;
  }
  const [header, ...body] = parseCsv(text);
  if (!header) throw new UnitFileError(['文件是空的']);
  const columns = header.cells.map((c) => COLUMNS[c.trim()] ?? COLUMNS[c.trim().toLowerCase()]);
  const missing = (['name', 'kind'] as const).filter((c) => !columns.includes(c));
  if (missing.length) throw new UnitFileError([`第 ${header.line} 行（表头）缺少列：${missing.join('、')}（应为 name,kind,parent,region_code,duties）`]);
  for (const { line, cells } of body) {
    const raw: Record<string, unknown> = {};
    cells.forEach((c, i) => {
      if (columns[i]) raw[columns[i]] = c;
    });
    const row = toRow(line, `第 ${line} 行`, raw, problems);
    if (row) rows.push(row);
  }
  if (problems.length) throw new UnitFileError(problems);
  return rows;
}
