/** A submission as the submission routes present it (src/server/submissions/store.ts). */
export interface Submission {
  id: string;
  unitId: string;
  unitName: string;
  kind: 'news' | 'case' | 'analysis';
  kindLabel: string;
  title: string;
  /** The full text (one submission) or its first words (the list). */
  body?: string;
  excerpt?: string;
  tickets: Array<{ id: string; number: string | null }>;
  attachments: string[];
  status: 'submitted' | 'read' | 'adopted';
  statusLabel: string;
  submittedBy: string;
  submittedAt: string;
  readAt: string | null;
  readBy: string | null;
  adoptedAt: string | null;
  adoptedBy: string | null;
  reviewNote: string | null;
  citedIn: Array<{ bulletinId: string; month: string; title: string; status: string }>;
  /** What the server lets this user do now. */
  actions: Array<'read' | 'adopt' | 'cite'>;
}

export const KIND_OPTIONS = [
  { value: 'news', label: '工作动态' },
  { value: 'case', label: '典型案例' },
  { value: 'analysis', label: '情况分析' },
] as const;

export const STATUS_COLORS: Record<Submission['status'], string> = { submitted: 'gold', read: 'blue', adopted: 'green' };

export const fmt = (s: string | null) => (s ? s.slice(0, 16).replace('T', ' ') : '—');
