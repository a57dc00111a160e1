import { Card, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { TicketTable } from '../components/TicketTable.tsx';

const STATUS = [
  ['registered', '已登记'],
  ['dispatched', '已派单'],
  ['handling', '办理中'],
  ['reviewing', '待审核'],
  ['visiting', '待回访'],
  ['redo', '重办中'],
  ['closed', '已办结'],
  ['archived', '已归档'],
];

export function TicketsPage() {
  const [q, setQ] = useState<string>();
  const [status, setStatus] = useState<string>();
  return (
    <Card title="工单查询" extra={<Space>
      <Select allowClear placeholder="状态" style={{ width: 120 }} options={STATUS.map(([value, label]) => ({ value, label }))} onChange={setStatus} />
      <Input.Search placeholder="编号、内容、地址" allowClear onSearch={(v) => setQ(v || undefined)} style={{ width: 240 }} />
    </Space>}>
      <TicketTable filter={{ q, status }} />
    </Card>
  );
}
