export interface KbEntry {
  id: string;
  state: string;
  stateLabel: string;
  version: number;
  title: string;
  questions: string[];
  answer: string;
  category: string | null;
  ownerUnit: { id: string; name: string };
  basis: { text: string; url?: string | null } | null;
  effectiveFrom: string | null;
  expiresOn: string | null;
  visibility: 'internal' | 'public';
  reviewComment: string | null;
  updatedAt: string;
  uses?: { shown: number; used: number; helpful: number; unhelpful: number };
}

export interface KbHit {
  id: string;
  title: string;
  titleHtml: string;
  snippetHtml: string;
  category: string | null;
  ownerUnit: { name: string };
  state?: string;
  score: number;
  uses?: { shown: number; used: number; helpful: number; unhelpful: number };
}

export const STATE_COLORS: Record<string, string> = { draft: 'default', pending: 'gold', published: 'green', expired: 'red', withdrawn: 'default' };
