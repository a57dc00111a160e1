import type { WorkingHoursConfig } from '../../../core/calendar/working-hours.ts';

/** A roster entry as the duty routes present it (src/server/duty/roster.ts). */
export interface DutyEntry {
  id: string;
  unitId: string;
  unitName: string;
  kind: 'duty' | 'leader' | 'rota';
  kindLabel: string;
  name: string;
  title: string | null;
  /** Masked (139****0401) for other units' staff. */
  phone: string | null;
  phoneMasked: boolean;
  startsAt: string;
  endsAt: string;
  note: string | null;
  /** Running at the app's clock now. */
  current: boolean;
}

/** A unit's hours and whether it is at work now. */
export interface UnitDutyState {
  unitId: string;
  unitName: string;
  hours: { mode: 'office' | 'aroundTheClock' | 'own'; label: string; config: WorkingHoursConfig | null };
  open: boolean;
  aroundTheClock: boolean;
  closesAt: string | null;
  opensAt: string | null;
  stateLabel: string;
}

export interface UnitDutyNow extends UnitDutyState {
  active: boolean;
  /** The unit's standing contacts (系统管理 · 单位 · 值班联系人). */
  contacts: Array<{ name: string; phone: string; title?: string }>;
  onDuty: DutyEntry[];
}

/** GET /api/duty/now */
export interface DutyNow {
  at: string;
  asked: UnitDutyNow[];
  units: UnitDutyNow[];
  today: DutyEntry[];
}

/** GET /api/units/:id/roster */
export interface UnitRoster {
  unit: UnitDutyState & { kind: string; active: boolean };
  mayEdit: boolean;
  mayEditHours: boolean;
  entries: DutyEntry[];
}

export const DUTY_KIND_OPTIONS = [
  { value: 'duty', label: '值班' },
  { value: 'leader', label: '领导接听' },
  { value: 'rota', label: '负责人轮值' },
] as const;

/** 2026-11-30T17:30:00+08:00 → 11-30 17:30 */
export const shortTime = (iso: string) => `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;

/** A span as a clerk reads it: 17:30–次日 08:30, or with dates when longer. */
export function spanLabel(e: { startsAt: string; endsAt: string }): string {
  const sameDay = e.startsAt.slice(0, 10) === e.endsAt.slice(0, 10);
  if (sameDay) return `${e.startsAt.slice(11, 16)}–${e.endsAt.slice(11, 16)}`;
  const next = new Date(`${e.startsAt.slice(0, 10)}T00:00:00Z`).getTime() + 86_400_000 === new Date(`${e.endsAt.slice(0, 10)}T00:00:00Z`).getTime();
  return next ? `${e.startsAt.slice(11, 16)}–次日 ${e.endsAt.slice(11, 16)}` : `${shortTime(e.startsAt)} – ${shortTime(e.endsAt)}`;
}

/** Until when, from the day of `at`: 至 17:30 / 至明天 08:30 / 至 12-07 08:30. */
export function untilLabel(endsAt: string, at: string): string {
  const days = Math.round((Date.parse(`${endsAt.slice(0, 10)}T00:00:00Z`) - Date.parse(`${at.slice(0, 10)}T00:00:00Z`)) / 86_400_000);
  const hm = endsAt.slice(11, 16);
  return days === 0 ? `至 ${hm}` : days === 1 ? `至明天 ${hm}` : `至 ${shortTime(endsAt)}`;
}
