import { Button, Space } from 'antd';
import { useState } from 'react';
import { showError } from '../../components/feedback.ts';
import { download } from '../../download.ts';
import type { Me } from '../../types.ts';

/** Who may read the archive's dossier (server: src/server/tickets/dossier/routes.ts). */
const KEEPERS = ['dispatcher', 'supervisor', 'admin', 'auditor'];

/** 归档案卷 (重庆 第十六条): the frozen record of an archived ticket, as PDF or as a zip with the originals. */
export function DossierButtons({ me, ticketId, number }: { me: Me | null; ticketId: string; number: string }) {
  const [busy, setBusy] = useState<string | null>(null);
  if (!me?.isCenter || !me.roles.some((r) => KEEPERS.includes(r))) return null;
  const get = (kind: 'pdf' | 'zip') => {
    setBusy(kind);
    download(`/api/tickets/${ticketId}/dossier.${kind}`, `工单档案-${number}.${kind}`).catch(showError).finally(() => setBusy(null));
  };
  return (
    <Space size={4}>
      <Button size="small" loading={busy === 'pdf'} onClick={() => get('pdf')}>
        案卷 PDF
      </Button>
      <Button size="small" loading={busy === 'zip'} onClick={() => get('zip')}>
        案卷及附件（zip）
      </Button>
    </Space>
  );
}
