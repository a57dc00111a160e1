/**
 * A knowledge entry of the demo city, written for this project (no real hotline's text): what the
 * center's 知识采编 enters through the same commands as the editor's page (kb/commands.ts). Phone
 * numbers are only the hotlines the platform already knows (12345, 12366, 12333, 110/119/120/122).
 */
export interface DemoEntry {
  /** The history's handle for the entry (its plan, the matters it answers, the queries that find it); never shown. */
  key: string;
  title: string;
  /** How callers ask it (问法), searched with weight B. */
  questions: readonly string[];
  /** Markdown. */
  answer: string;
  category: string;
  /** 维护单位 by name (谁提供、谁维护、谁更新: 重庆 第十八条). */
  owner: string;
  /** 依据. */
  basis?: string;
  /** public: the portal's 政策问答 finds it too. */
  visibility: 'internal' | 'public';
}

export const CENTER = '12345政务服务便民热线中心';
