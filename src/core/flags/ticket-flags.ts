import { z } from 'zod';

/**
 * 工单标记: what a ticket may be marked as besides its type and urgency, so that it can be found, followed
 * and reported apart (issue 13 item 12):
 *
 * - enterprise 涉企诉求: a request of an enterprise — the hotline takes "企业和群众" requests alike (重庆
 *   第八条, 凉山 第八条（一）), and the provincial plan asks to follow 企业群众满意率 (四川 方案 六（二）);
 *   the enterprise's name and 统一社会信用代码 may be recorded.
 * - national 国办工单: an order passed down by the national platform (重庆 第八条（二） 国家平台交办的诉求; 凉山
 *   第八条（二） 国务院“互联网+督查”平台等国家平台交办的诉求), with the 国务院 platform's own number; its completion
 *   on time counts in the evaluation (邵阳 第二十七条).
 * - leaderInstruction 领导批示件: a request a leader has instructed on, with who instructed and what;
 *   counted alike (邵阳 第二十七条 国办工单和领导批示件未按时按质完成的).
 * - deputy 代表委员件: the caller is in the register of deputies (邵阳 第十八条, server/deputies).
 */
export const TICKET_FLAGS = ['enterprise', 'national', 'leaderInstruction', 'deputy'] as const;
export type TicketFlag = (typeof TICKET_FLAGS)[number];

export const TICKET_FLAG_LABELS: Record<TicketFlag, string> = {
  enterprise: '涉企诉求',
  national: '国办工单',
  leaderInstruction: '领导批示件',
  deputy: '代表委员件',
};

/** Short tags for lists. */
export const TICKET_FLAG_TAGS: Record<TicketFlag, string> = {
  enterprise: '涉企',
  national: '国办',
  leaderInstruction: '批示',
  deputy: '代表委员',
};

// 统一社会信用代码 (GB 32100-2015): 18 characters of 0-9 and capital letters without I, O, Z, S, V; the
// last is a check character over the first 17.
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The problem with a 统一社会信用代码, in Chinese, or null when it is well formed and its check character right. */
export function creditCodeProblem(code: string): string | null {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return '统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V）';
  const sum = CODE_WEIGHTS.reduce((s, w, i) => s + CODE_CHARS.indexOf(code[i]!) * w, 0);
  const check = CODE_CHARS[(31 - (sum % 31)) % 31];
  return code[17] === check ? null : '统一社会信用代码的校验位不正确，请核对';
}

const text = (max: number, label: string) => z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 字`);

export const enterpriseFlagSchema = z
  .object({
    name: z.string().trim().max(100, '企业名称不能超过 100 字').optional(),
    creditCode: z
      .string()
      .trim()
      .toUpperCase()
      .superRefine((v, c) => {
        const problem = creditCodeProblem(v);
        if (problem) c.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
  })
  .strict();

export const nationalFlagSchema = z
  .object({
    number: z
      .string({ error: '请填写国务院平台的工单编号' })
      .trim()
      .min(1, '请填写国务院平台的工单编号')
      .max(40, '国办工单编号不能超过 40 位')
      .regex(/^[A-Za-z0-9-]+$/, '国办工单编号只能是字母、数字和连字符'),
  })
  .strict();

export const leaderInstructionFlagSchema = z
  .object({
    by: text(50, '批示领导'),
    text: text(2000, '批示内容'),
    /** The day the leader instructed, when known. */
    on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '批示日期应为 YYYY-MM-DD').optional(),
  })
  .strict();

export type EnterpriseFlag = z.infer<typeof enterpriseFlagSchema>;
export type NationalFlag = z.infer<typeof nationalFlagSchema>;
export type LeaderInstructionFlag = z.infer<typeof leaderInstructionFlagSchema>;
