import { Card, Col, Row, Statistic, Table, Tabs } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { TicketTable } from '../../components/TicketTable.tsx';
import { useLive } from '../../live.ts';
import { RepeatReport } from './RepeatReport.tsx';

interface Row {
  unitId: string;
  unitName: string;
  overdue: number;
  dueSoon: number;
  open: number;
}

/** 督办: overdue and due-soon work by unit, and the tickets behind the numbers. */
export function SuperviseBoard() {
  const [rows, setRows] = useState<Row[]>([]);
  const [unitId, setUnitId] = useState<string>();
  const load = useCallback(() => void api.get<Row[]>('/api/supervision/board').then(setRows).catch(showError), []);
  useEffect(load, [load]);
  useLive(load);
  const sum = (k: 'overdue' | 'dueSoon' | 'open') => rows.reduce((n, r) => n + r[k], 0);
  return (
    <Row gutter={16}>
      <Col span={24} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col span={8}><Card size="small"><Statistic title="在办" value={sum('open')} /></Card></Col>
          <Col span={8}><Card size="small"><Statistic title="临期（不足 1 个工作日）" value={sum('dueSoon')} styles={{ content: { color: '#fa8c16' } }} /></Card></Col>
          <Col span={8}><Card size="small"><Statistic title="已超期" value={sum('overdue')} styles={{ content: { color: '#f5222d' } }} /></Card></Col>
        </Row>
      </Col>
      <Col xs={24} xl={9}>
        <Card size="small" title="各单位时限情况">
          <Table<Row>
            size="small"
            rowKey="unitId"
            pagination={false}
            dataSource={rows}
            onRow={(r) => ({ onClick: () => setUnitId(r.unitId === unitId ? undefined : r.unitId), style: { cursor: 'pointer', background: r.unitId === unitId ? '#e6f4ff' : undefined } })}
            columns={[
              { title: '单位', dataIndex: 'unitName' },
              { title: '超期', dataIndex: 'overdue', width: 60, render: (n: number) => <span style={{ color: n ? '#f5222d' : undefined }}>{n}</span> },
              { title: '临期', dataIndex: 'dueSoon', width: 60, render: (n: number) => <span style={{ color: n ? '#fa8c16' : undefined }}>{n}</span> },
              { title: '在办', dataIndex: 'open', width: 60 },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={15}>
        <Card size="small">
          <Tabs
            items={[
              { key: 'overdue', label: '超期工单', children: <TicketTable filter={{ overdue: 'true', unitId, status: 'dispatched,handling,redo,reviewing' }} /> },
              { key: 'soon', label: '临期工单', children: <TicketTable filter={{ dueSoon: 'true', unitId }} /> },
              { key: 'repeats', label: '重复诉求', children: <RepeatReport /> },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
