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
  /** Pushed by a sub-centre's or a unit's system (凉山 第六条（二） 实时共享): its name and its own id. */
  source?: { name: string; ref: string | null } | null;
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
