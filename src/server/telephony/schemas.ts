import { z } from 'zod';
import { CALL_EVENT_KINDS } from '../../core/telephony/call-record.ts';
import { instant } from '../http/schemas.ts';

export const AGENT_STATES = ['ready', 'busy', 'after_call', 'away', 'offline'] as const;
export const TELEPHONY_EVENT_KINDS = [...CALL_EVENT_KINDS, 'agent_state'] as const;

const code = (max: number) => z.string().trim().min(1).max(max).regex(/^[\w.:+#*@/-]+$/, '只能包含字母、数字和 . : + # * @ / - _');

/** One event from the telephone platform (README: 话务接口). */
export const telephonyEventSchema = z
  .object({
    kind: z.enum(TELEPHONY_EVENT_KINDS),
    /** The platform's id of the call; required for every kind but agent_state. */
    callId: code(100).optional(),
    /** When it happened at the platform (ISO 8601 with offset; Beijing time without one). */
    at: instant(),
    /** The caller's number (any event may carry it; kept sealed, never logged). */
    caller: z.string().trim().regex(/^[0-9+\-\s]{3,20}$/, '应为电话号码').optional(),
    /** The number dialled: 12345 or a merged hotline's. */
    dialled: code(30).optional(),
    queue: code(50).optional(),
    /** The agent's extension the call rings at or was answered by (agent_state: whose state). */
    extension: code(20).optional(),
    /** Where the recording is kept at the platform (an id or a URL), usually on `ended`. */
    recording: z.string().trim().min(1).max(500).optional(),
    /** transferred / conference: where to (an extension, an expert seat, 12366, 110 …). */
    target: code(50).optional(),
    /** agent_state: the agent's new state. */
    state: z.enum(AGENT_STATES).optional(),
  })
  .strict()
  .refine((e) => e.kind === 'agent_state' || e.callId, { message: '请提供通话编号 callId', path: ['callId'] })
  .refine((e) => e.kind !== 'agent_state' || (e.extension && e.state), { message: 'agent_state 需要 extension 与 state', path: ['state'] });

export type TelephonyEvent = z.infer<typeof telephonyEventSchema>;
