/**
 * The columns of a legacy ticket file (issue 12, item 7): each has a Chinese header, as a clerk's
 * export names it, and an English key; either may head the column. Other headers are renamed with
 * `--map` ({"受理时间": "登记时间"}) or ignored (and listed, so a misspelt header is noticed).
 */
export const COLUMNS = [
  { key: 'number', header: '工单编号' },
  { key: 'registered_at', header: '登记时间' },
  { key: 'channel', header: '渠道' },
  { key: 'type', header: '诉求类型' },
  { key: 'category', header: '诉求分类' },
  { key: 'content', header: '诉求内容' },
  { key: 'address', header: '地址' },
  { key: 'caller_name', header: '来电人' },
  { key: 'caller_phone', header: '来电号码' },
  { key: 'unit', header: '主办单位' },
  { key: 'dispatched_at', header: '派单时间' },
  { key: 'signed_at', header: '签收时间' },
  { key: 'due_at', header: '办理时限' },
  { key: 'replied_at', header: '答复时间' },
  { key: 'contacted', header: '是否联系来电人' },
  { key: 'returns', header: '退单次数' },
  { key: 'extensions', header: '延期次数' },
  { key: 'redo', header: '重办次数' },
  { key: 'visited_at', header: '回访时间' },
  { key: 'satisfaction', header: '满意度' },
  { key: 'resolution', header: '解决情况' },
  { key: 'appeal', header: '申诉结果' },
  { key: 'closed_at', header: '办结时间' },
  // beyond the issue's list: the unit's report, when the old system kept it (agents' assist reads it)
  { key: 'process', header: '办理过程' },
  { key: 'result', header: '办理结果' },
] as const;

export type ColumnKey = (typeof COLUMNS)[number]['key'];

/** A file cannot be read as tickets at all (not a row's problem): said as is. */
export class TicketImportError extends Error {
  override name = 'TicketImportError';
}

/** A row that cannot be imported: the whole file is refused, naming the row as a spreadsheet shows it. */
export class ImportRowError extends TicketImportError {
  override name = 'ImportRowError';
  constructor(
    readonly row: number,
    readonly reason: string,
  ) {
    super(`第 ${row} 行：${reason}`);
  }
}

const REQUIRED: ColumnKey[] = ['number', 'registered_at', 'channel', 'type', 'content', 'closed_at'];

export const columnName = (key: ColumnKey) => `${COLUMNS.find((c) => c.key === key)!.header}（${key}）`;

function columnOf(name: string): ColumnKey | undefined {
  const n = name.trim();
  return COLUMNS.find((c) => c.header === n || c.key === n.toLowerCase())?.key;
}

/** Checks a --map file's content: every target must be one of our columns. */
export function parseHeaderMap(value: unknown): Map<string, ColumnKey> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new TicketImportError('--map 文件应为 JSON 对象：{"原列名": "登记时间", …}（目标可写中文列名或英文键）');
  }
  const map = new Map<string, ColumnKey>();
  for (const [from, to] of Object.entries(value as Record<string, unknown>)) {
    const key = typeof to === 'string' ? columnOf(to) : undefined;
    if (!key) throw new TicketImportError(`--map 中「${from}」的目标「${String(to)}」不是可导入的列（可用：${COLUMNS.map((c) => c.header).join('、')}）`);
    map.set(from.trim(), key);
  }
  return map;
}

/**
 * Which cell holds which column: the header row read through the --map renames. Two headers for one
 * column, or a required column missing, refuse the file.
 */
export function resolveHeader(header: string[], renames: Map<string, ColumnKey>): { at: Map<ColumnKey, number>; ignored: string[] } {
  const at = new Map<ColumnKey, number>();
  const ignored: string[] = [];
  header.forEach((raw, i) => {
    const name = raw.trim();
    if (!name) return;
    const key = renames.get(name) ?? columnOf(name);
    if (!key) {
      ignored.push(name);
      return;
    }
    if (at.has(key)) throw new TicketImportError(`表头中有两列都是${columnName(key)}：「${header[at.get(key)!]!.trim()}」和「${name}」`);
    at.set(key, i);
  });
  const missing = REQUIRED.filter((k) => !at.has(k));
  if (missing.length) {
    throw new TicketImportError(`缺少列：${missing.map(columnName).join('、')}。表头为：${header.map((h) => h.trim()).filter(Boolean).join('、')}（其他名称的列可用 --map 改名）`);
  }
  return { at, ignored };
}
