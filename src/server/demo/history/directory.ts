import { DAY_MS, type Instant } from '../../../core/calendar/civil-date.ts';
import type { ServiceHours } from '../../../core/telephony/service-hours.ts';
import type { HotlineKind } from '../../../core/telephony/transfers.ts';
import type { Db, Queryable } from '../../db/connection.ts';
import type { LiaisonRole } from '../../units/liaisons.ts';
import { createUnit } from '../../units/store.ts';

/**
 * The demo city's telephone directory (issue 14 items 3 and 7), as its administrator and units would have
 * kept it for a while before the history starts: the lines that route into 12345 or beside it with the
 * units that run them, the units' 专家座席 with their hours, and their 热线联络员 and 驻场值守人员. The
 * kinds follow 四川 (sichuan-2021) 附件: 12366 keeps its number and seats as a 分中心 (三、设分中心), 12333
 * keeps its number with its seats merged into 12345 (二、双号并行). Written once: a database that has
 * them (a second history on it) keeps its own.
 */

/** City bodies that run a line, under the center (they answer for what 12345 hands to their line). */
export const LINE_UNITS = [
  { key: 'tax', name: '重庆市税务局12366纳税缴费服务分中心', duties: ['纳税缴费服务', '税收政策咨询'] },
  { key: 'hrss', name: '重庆市人力资源和社会保障局', duties: ['人社政策咨询', '劳动保障监察'] },
] as const;

const AROUND_THE_CLOCK: ServiceHours = { aroundTheClock: true };
const WEEKDAYS = (from: string, to: string, days = [1, 2, 3, 4, 5]): ServiceHours => ({ days, from, to });

export const DEMO_HOTLINES: ReadonlyArray<{ number: string; name: string; kind: HotlineKind; unit: string; transferNumber: string | null; linkage: string; note: string }> = [
  {
    number: '12366',
    name: '12366 纳税缴费服务热线',
    kind: 'subcentre',
    unit: LINE_UNITS[0].name,
    transferNumber: null,
    linkage: '一般性咨询由 12345 按共享知识库解答；涉税、社保费缴纳等专业问题三方转接 12366，需办理的事项派发工单至分中心（四川 附件 三、设分中心）',
    note: '分中心保留号码和话务座席，7×24 小时人工服务',
  },
  {
    number: '12333',
    name: '12333 人力资源和社会保障服务热线',
    kind: 'parallel',
    unit: LINE_UNITS[1].name,
    transferNumber: '86300',
    linkage: '12333 来电由 12345 坐席接听；参保、待遇等专业问题转人社专席（分机 86300），欠薪等需办理的派发工单（四川 附件 二、双号并行）',
    note: '双号并行：保留号码，话务座席并入 12345 统一管理',
  },
];

/** Experts by unit name: whom the hotline brings into a three-way call, on their days (坐席时间). */
export const DEMO_EXPERTS: ReadonlyArray<{ unit: string; name: string; title: string; topics: string[]; extension: string; phone: string; hours: ServiceHours; active?: boolean; note?: string }> = [
  { unit: '渝中区住房和城乡建设委员会', name: '王志远', title: '物业管理科科长', topics: ['物业管理', '维修资金', '业主委员会'], extension: '8601', phone: '023-63851201', hours: WEEKDAYS('09:00', '17:30') },
  { unit: '渝中区住房和城乡建设委员会', name: '陈思', title: '房屋安全鉴定站 高级工程师', topics: ['房屋安全', '建筑施工噪音'], extension: '8602', phone: '023-63851202', hours: WEEKDAYS('14:00', '17:30', [2, 4]) },
  { unit: '渝中区市场监督管理局', name: '李娟', title: '消费者权益保护科 副科长', topics: ['消费维权', '价格', '预付卡'], extension: '8611', phone: '023-63852301', hours: WEEKDAYS('09:00', '17:00') },
  { unit: '江北区市场监督管理局', name: '赵刚', title: '食品安全科 主任科员', topics: ['食品安全', '特种设备', '电梯'], extension: '8612', phone: '023-67853302', hours: WEEKDAYS('09:00', '17:00', [1, 3, 5]) },
  { unit: '渝中区生态环境局', name: '孙明', title: '环境监察支队 工程师', topics: ['噪声污染', '油烟', '水污染'], extension: '8621', phone: '023-63854401', hours: WEEKDAYS('09:00', '17:30') },
  { unit: '江北区生态环境局', name: '蒋丽华', title: '环境监察支队 副支队长', topics: ['噪声污染', '油烟'], extension: '8622', phone: '023-67854402', hours: WEEKDAYS('14:00', '17:30') },
  { unit: LINE_UNITS[1].name, name: '周红', title: '劳动保障监察支队 副支队长', topics: ['劳动保障监察', '欠薪', '劳动合同'], extension: '8631', phone: '023-88612333', hours: WEEKDAYS('09:00', '17:00') },
  { unit: LINE_UNITS[0].name, name: '吴磊', title: '纳税服务科 科长', topics: ['社保费缴纳', '个人所得税', '发票'], extension: '8641', phone: '023-67612366', hours: WEEKDAYS('09:00', '17:00') },
  // moved to another post: kept for the transfers it took, no longer offered at the desk
  { unit: '渝中区市场监督管理局', name: '黄勇', title: '原价格监督检查科', topics: ['价格'], extension: '8613', phone: '023-63852302', hours: WEEKDAYS('09:00', '12:00', [1, 3]), active: false, note: '已调岗，停用' },
];

/**
 * 热线联络员 of some units (not all: a unit without one is flagged 未设联络员 to the administrator), with a
 * backup here and there, and the staff two departments station at the hotline (驻场值守). `user` links the
 * unit's demo account where there is one.
 */
export const DEMO_LIAISONS: ReadonlyArray<{ unit: string; role: LiaisonRole; user?: string; name: string; title: string; office: string; mobile: string | null; note?: string }> = [
  { unit: '解放碑街道办事处', role: 'liaison', user: 'handler1', name: '刘洋', title: '党政办 干部', office: '023-63710101', mobile: '13908310401' },
  { unit: '解放碑街道办事处', role: 'backup', user: 'reviewer1', name: '陈红', title: '党政办 主任', office: '023-63710100', mobile: '13908310402' },
  { unit: '江北区市场监督管理局', role: 'liaison', user: 'handler2', name: '周杰', title: '投诉举报中心', office: '023-67853300', mobile: '13908320501' },
  { unit: '渝中区城市管理局', role: 'liaison', user: 'yz-chengguan', name: '马骏', title: '数字城管中心 科员', office: '023-63853100', mobile: '13908310211' },
  { unit: '渝中区城市管理局', role: 'onsite', name: '何志刚', title: '执法大队 队员', office: '023-12345061', mobile: '13908310201', note: '工作日驻 12345 热线中心值守，城管类来电现场对接' },
  { unit: '渝中区住房和城乡建设委员会', role: 'liaison', user: 'yz-zhujian', name: '邓丽', title: '物业管理科 科员', office: '023-63851200', mobile: '13908310311' },
  { unit: '渝中区住房和城乡建设委员会', role: 'onsite', name: '罗斌', title: '物业管理科 干部', office: '023-12345062', mobile: '13908310312', note: '每周二、四驻 12345 热线中心，物业类诉求现场答复' },
  { unit: '渝中区市场监督管理局', role: 'liaison', user: 'yz-shichang', name: '唐涛', title: '消保科 科员', office: '023-63852300', mobile: null },
  { unit: '渝中区生态环境局', role: 'liaison', name: '冉静', title: '环境监察支队 内勤', office: '023-63854400', mobile: '13908310302' },
  { unit: LINE_UNITS[0].name, role: 'liaison', user: 'shuiwu-12366', name: '杨帆', title: '分中心 值班长', office: '023-67612300', mobile: '13908330101' },
  { unit: LINE_UNITS[1].name, role: 'liaison', user: 'renshe', name: '吴斌', title: '12333 运营科', office: '023-88612300', mobile: '13908330201' },
];

/** The units that run a line, made under the center once (before the cast gives each a handler). */
export async function ensureLineUnits(db: Db): Promise<void> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM units WHERE kind = 'center' AND parent_id IS NULL ORDER BY created_at LIMIT 1`);
  const center = rows[0]?.id;
  if (!center) return;
  await db.transaction(async (tx) => {
    for (const u of LINE_UNITS) {
      const seen = await tx.query('SELECT 1 FROM units WHERE name = $1', [u.name]);
      if (!seen.rows.length) await createUnit(tx, { parentId: center, name: u.name, kind: 'department', regionCode: '500000', responsibilities: [...u.duties] });
    }
  });
}

/**
 * The directory, as it stood a month before `start`: lines, experts and liaisons, each written as the
 * administrator's and units' forms write them. Returns the experts' and lines' ids for the history.
 */
export async function seedDirectory(db: Db, start: Instant): Promise<void> {
  const at = new Date(start - 30 * DAY_MS);
  const unitIds = new Map((await db.query<{ id: string; name: string }>('SELECT id, name FROM units')).rows.map((r) => [r.name, r.id]));
  const userIds = new Map((await db.query<{ id: string; username: string }>('SELECT id, username FROM users')).rows.map((r) => [r.username, r.id]));
  const admin = userIds.get('admin') ?? null;
  await db.transaction(async (tx) => {
    for (const h of DEMO_HOTLINES) {
      const unit = unitIds.get(h.unit);
      if (!unit) continue;
      await tx.query(
        `INSERT INTO hotlines (number, name, kind, unit_id, transfer_number, hours, linkage, note, created_at, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9) ON CONFLICT (number) DO NOTHING`,
        [h.number, h.name, h.kind, unit, h.transferNumber, JSON.stringify(AROUND_THE_CLOCK), h.linkage, h.note, at, admin],
      );
    }
    for (const e of DEMO_EXPERTS) {
      const unit = unitIds.get(e.unit);
      if (!unit || (await taken(tx, 'SELECT 1 FROM expert_seats WHERE extension = $1', e.extension))) continue;
      await tx.query(
        `INSERT INTO expert_seats (unit_id, name, title, topics, extension, phone, hours, note, active, created_by, created_at, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10, $11)`,
        [unit, e.name, e.title, e.topics, e.extension, e.phone, JSON.stringify(e.hours), e.note ?? null, e.active ?? true, admin, at],
      );
    }
    for (const l of DEMO_LIAISONS) {
      const unit = unitIds.get(l.unit);
      if (!unit) continue;
      // 相对固定: one liaison a unit — a unit that has one keeps it
      if (l.role === 'liaison' && (await taken(tx, `SELECT 1 FROM unit_liaisons WHERE unit_id = $1 AND role = 'liaison'`, unit))) continue;
      await tx.query(
        `INSERT INTO unit_liaisons (unit_id, role, user_id, person_name, title, office_phone, mobile, note, created_by, created_at, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9, $10)`,
        [unit, l.role, (l.user && userIds.get(l.user)) || null, l.name, l.title, l.office, l.mobile, l.note ?? null, admin, at],
      );
    }
  });
}

async function taken(tx: Queryable, sql: string, value: string): Promise<boolean> {
  return (await tx.query(sql, [value])).rows.length > 0;
}
