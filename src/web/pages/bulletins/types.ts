import type { BulletinContent, BulletinStatus } from '../../../core/reports/bulletin.ts';

export type BulletinStep = 'update' | 'regenerate' | 'submit' | 'return' | 'approve' | 'publish';

/** A 通报 as GET /api/bulletins/:id answers (history and return reason only for those who draft and review). */
export interface Bulletin {
  id: string;
  month: string;
  title: string;
  status: BulletinStatus;
  statusLabel: string;
  version: number;
  authorName: string;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  returnReason?: string | null;
  history?: Array<{ action: string; byName: string; at: string; note?: string }>;
  read?: boolean;
  allowed: BulletinStep[];
  body?: string;
  content?: BulletinContent;
}

export const STATUS_COLORS: Record<BulletinStatus, string> = { draft: 'default', submitted: 'processing', returned: 'warning', approved: 'cyan', published: 'success' };
export const fmt = (s: string | null | undefined) => (s ? s.slice(0, 16).replace('T', ' ') : '—');
