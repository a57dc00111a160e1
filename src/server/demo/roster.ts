import type { Calendar } from '../../core/calendar/calendar.ts';
import { dayOfInstant, HOUR_MS, MINUTE_MS, startOfDay, weekdayOf, type DayNumber } from '../../core/calendar/civil-date.ts';
import type { Db } from '../db/connection.ts';
import { HOTLINE_SHIFTS } from './history/calls.ts';

/**
 * The demo city's 值班表, from a week back to two months ahead of its first start: the 24-hour
 * units (seed.ts) each with one person on a 24-hour shift from 08:30, 解放碑街道's duty outside its
 * office hours, a department head's turn at the hotline each working afternoon (部门负责人轮值) and
 * a leader answering calls at the hotline every Wednesday morning (领导接听日), and the center's own
 * agents at the phones in three shifts (history/calls.ts: the demo's calls are answered by them), which
 * 坐席测算 sets beside the agents each half-hour needs.
 */
const DUTY: Record<string, Array<[name: string, title: string, phone: string]>> = {
  渝中区城市管理局: [
    ['何志刚', '执法大队值班员', '13908310201'],
    ['罗小燕', '执法大队值班员', '13908310202'],
    ['唐明', '执法大队带班', '13908310203'],
  ],
  渝中区生态环境局: [
    ['邓晓峰', '环境监察值班员', '13908310301'],
    ['冉静', '环境监察值班员', '13908310302'],
  ],
  江北区城市管理局: [
    ['彭涛', '城管值班室', '13908320201'],
    ['谭丽', '城管值班室', '13908320202'],
    ['蒋勇', '城管值班室', '13908320203'],
  ],
  江北区生态环境局: [
    ['曾凡', '环境应急值班员', '13908320301'],
    ['黎娜', '环境应急值班员', '13908320302'],
  ],
};
const STREET = '解放碑街道办事处';
const STREET_DUTY: Array<[string, string, string]> = [
  ['刘洋', '街道值班室', '13908310401'],
  ['陈红', '街道值班室', '13908310402'],
  ['王建', '街道值班室', '13908310403'],
];
const ROTA: Array<[unit: string, name: string, title: string]> = [
  ['渝中区市场监督管理局', '张立', '副局长'],
  ['渝中区城市管理局', '马军', '副局长'],
  ['江北区市场监督管理局', '韩梅', '副局长'],
  ['渝中区住房和城乡建设委员会', '徐斌', '副主任'],
  ['解放碑街道办事处', '周平', '副主任'],
];
const CENTER = '12345政务服务便民热线中心';
const AGENTS = ['王芳', '李娜', '张敏', '刘静', '陈丽', '杨洁', '赵燕', '黄婷', '周琳', '吴倩'];
const HOTLINE_PHONE = '023-12345000';

export async function seedDemoRoster(db: Db, calendar: Calendar, now: number): Promise<number> {
  const { rows } = await db.query<{ id: string; name: string }>('SELECT id, name FROM units');
  const unit = new Map(rows.map((r) => [r.name, r.id]));
  const at = (day: DayNumber, h: number, m = 0) => new Date(startOfDay(day) + h * HOUR_MS + m * MINUTE_MS);
  const entries: unknown[][] = [];
  const add = (unitName: string, kind: string, [name, title, phone]: [string, string, string | null], from: Date, to: Date, note: string | null = null) => {
    const id = unit.get(unitName);
    if (id) entries.push([id, kind, name, title, phone, from, to, note]);
  };
  const today = dayOfInstant(now);
  let rota = 0;
  for (let d = today - 7; d <= today + 60; d += 1) {
    const n = d - today + 1000;
    for (const [u, people] of Object.entries(DUTY)) add(u, 'duty', people[n % people.length]!, at(d, 8, 30), at(d + 1, 8, 30));
    const street = STREET_DUTY[n % STREET_DUTY.length]!;
    if (calendar.isWorkingDay(d)) {
      add(STREET, 'duty', street, at(d, 17, 30), at(d + 1, 8, 30), '下班后值班');
      const [u, name, title] = ROTA[rota++ % ROTA.length]!;
      add(u, 'rota', [name, title, null], at(d, 14, 30), at(d, 17, 30), '到12345热线中心轮值，接听本系统来电');
    } else {
      add(STREET, 'duty', street, at(d, 8, 30), at(d + 1, 8, 30), '节假日值班');
    }
    let seat = n * 6;
    for (const s of HOTLINE_SHIFTS) {
      for (let p = 0; p < s.people; p++) add(CENTER, 'duty', [AGENTS[seat++ % AGENTS.length]!, `话务坐席（${s.name}）`, HOTLINE_PHONE], at(d, 0, s.from), at(d, 0, s.to));
    }
    if (weekdayOf(d) === 3 && calendar.isWorkingDay(d)) add(CENTER, 'leader', ['刘建国', '市政府副秘书长', null], at(d, 9), at(d, 11, 30), '领导接听日：在12345热线中心接听企业和群众来电');
  }
  await db.transaction(async (tx) => {
    for (const e of entries) {
      await tx.query(
        `INSERT INTO duty_entries (unit_id, kind, person_name, title, phone, starts_at, ends_at, note, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
        [...e, new Date(now)],
      );
    }
  });
  return entries.length;
}
