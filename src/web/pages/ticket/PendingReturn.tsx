import { Alert, Space } from 'antd';
import type { Assignment } from '../../types.ts';

/**
 * A pending 退单 on a share, with its reason, basis and suggested unit, and who decides it: the unit
 * that passed the share down where its return went up the chain (the page shows that unit its
 * 同意/转报 buttons: CQ 第十三条（一）, DZ 第六条（一） 逐级向上提交), else the hotline, as the server
 * recorded it with the request.
 */
export function PendingReturn({ share }: { share: Assignment }) {
  const p = share.pendingReturn!;
  const from = (p.forwardedFrom as { unitName?: string } | undefined)?.unitName;
  const lines = [
    p.basis ? `依据：${String(p.basis)}` : null,
    p.suggestedUnitName ? `建议转办：${String(p.suggestedUnitName)}` : null,
    p.note ? `转报意见：${String(p.note)}` : null,
    p.decider && p.decider !== '12345热线' ? `等待下派单位 ${String(p.decider)} 审核（同意收回，或转报上一级）` : p.decider ? '等待12345热线审核' : null,
  ].filter(Boolean);
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 8 }}
      title={`${from ? `转报${from}的退单` : '申请退单'}：${String(p.reason)}${p.late ? '（超期退回）' : ''}`}
      description={lines.length ? <Space orientation="vertical" size={0}>{lines.map((l) => <span key={l}>{l}</span>)}</Space> : undefined}
    />
  );
}
