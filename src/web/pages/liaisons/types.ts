/** A liaison as the liaison routes present it (src/server/units/liaisons.ts). */
export interface Liaison {
  id: string;
  unitId: string;
  unitName: string;
  role: 'liaison' | 'backup' | 'onsite';
  roleLabel: string;
  userId: string | null;
  username: string | null;
  name: string;
  title: string | null;
  officePhone: string;
  /** Masked (139****0401) beyond the center and the unit's own line. */
  mobile: string | null;
  mobileMasked: boolean;
  note: string | null;
  updatedAt: string;
}

export interface UnitLiaisons {
  unit: { id: string; name: string; active: boolean };
  mayEdit: Record<Liaison['role'], boolean>;
  missing: boolean;
  items: Liaison[];
  candidates: Array<{ id: string; name: string }>;
}

export const LIAISON_ROLE_OPTIONS = [
  { value: 'liaison', label: '热线联络员' },
  { value: 'backup', label: '备用联络员' },
  { value: 'onsite', label: '驻场值守' },
] as const;
