import { Tag } from 'antd';
import { TICKET_FLAG_LABELS, TICKET_FLAG_TAGS, type TicketFlag } from '../../core/flags/ticket-flags.ts';

const COLORS: Record<TicketFlag, string> = { enterprise: 'blue', national: 'magenta', leaderInstruction: 'volcano', deputy: 'gold' };

/** 工单标记 as tags: short in lists (涉企、国办、批示、代表委员), in full on the ticket. */
export function FlagTags({ flags, full = false }: { flags: readonly string[] | undefined; full?: boolean }) {
  if (!flags?.length) return null;
  return (
    <>
      {flags.map((f) => (
        <Tag key={f} color={COLORS[f as TicketFlag] ?? 'default'} data-flag={f} style={{ marginInlineEnd: 4 }}>
          {(full ? TICKET_FLAG_LABELS : TICKET_FLAG_TAGS)[f as TicketFlag] ?? f}
        </Tag>
      ))}
    </>
  );
}
