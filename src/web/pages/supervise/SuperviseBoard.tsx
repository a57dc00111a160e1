import { Card, Col, Row, Statistic, Table, Tabs } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api.ts';
import { usePreloaded } from '../../preloaded.ts';
import { showError } from '../../components/feedback.ts';
import { TicketTable } from '../../components/TicketTable.tsx';
import { useLive } from '../../live.ts';
import { AlertsBanner } from '../dashboard/AlertsBanner.tsx';
import { RepeatReport } from './RepeatReport.tsx';
import { SupervisionLedger } from './SupervisionLedger.tsx';
import { DeputyLedger } from './DeputyLedger.tsx';
import { MisuseMarks } from './MisuseMarks.tsx';
import { useSession } from '../../session.tsx';

interface Row {
  unitId: string;
  unitName: string;
  overdue: number;
  dueSoon: number;
  open: number;
}

/**
 * 时限看板: overdue and due-soon work by unit, and the tickets behind the numbers. The unit list and
 * the ticket list sit side by side only on a wide screen (≥ 1600 px): at 1366×768 the ticket table
 * needs the whole width, or its columns overprint.
 */
function ClockBoard({ rows }: { rows: Row[] }) {
  const [unitId, setUnitId] = useState<string>();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xxl={8}>
        <Card size="small" title="各单位时限情况（点击单位筛选）">
          <Table<Row>
            size="small"
            rowKey="unitId"
            pagination={false}
            scroll={{ y: 200 }}
            dataSource={rows}
            onRow={(r) => ({ onClick: () => setUnitId(r.unitId === unitId ? undefined : r.unitId), style: { cursor: 'pointer', background: r.unitId === unitId ? '#e6f4ff' : undefined } })}
            columns={[
              { title: '单位', dataIndex: 'unitName', ellipsis: true },
              { title: '超期', dataIndex: 'overdue', width: 64, render: (n: number) => <span style={{ color: n ? '#f5222d' : undefined }}>{n}</span> },
              { title: '临期', dataIndex: 'dueSoon', width: 64, render: (n: number) => <span style={{ color: n ? '#fa8c16' : undefined }}>{n}</span> },
              { title: '在办', dataIndex: 'open', width: 64 },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xxl={16}>
        <Card size="small">
          <Tabs
            size="small"
            items={[
              { key: 'overdue', label: '超期工单', children: <TicketTable filter={{ overdue: 'true', unitId, status: 'dispatched,handling,redo,reviewing' }} /> },
              { key: 'soon', label: '临期工单', children: <TicketTable filter={{ dueSoon: 'true', unitId }} /> },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

/** 督办: the clocks by unit, the 督办件台账, repeated requests, the deputies' ledger and the misuse marks; the tab is in the address (?tab=). */
export function SuperviseBoard() {
  const { me } = useSession();
  // a page rendered on the server comes with both answers (preloaded.ts)
  const [rows, setRows] = useState<Row[]>(usePreloaded<Row[]>('/api/supervision/board') ?? []);
  const [params, setParams] = useSearchParams();
  const [totals, setTotals] = useState(usePreloaded<{ open: number; dueSoon: number; overdue: number }>('/api/supervision/totals') ?? { open: 0, dueSoon: 0, overdue: 0 });
  const load = useCallback(() => {
    api.get<Row[]>('/api/supervision/board').then(setRows).catch(showError);
    // each ticket once: a share passed down is counted at each unit's row, not twice in the total
    api.get<typeof totals>('/api/supervision/totals').then(setTotals).catch(showError);
  }, []);
  useEffect(load, [load]);
  useLive(load);
  const sum = (k: 'overdue' | 'dueSoon' | 'open') => totals[k];
  return (
    <>
      <AlertsBanner />
    <Row gutter={[16, 16]}>
      <Col span={8}><Card size="small"><Statistic title="在办" value={sum('open')} /></Card></Col>
      <Col span={8}><Card size="small"><Statistic title="临期（不足 1 个工作日）" value={sum('dueSoon')} styles={{ content: { color: '#fa8c16' } }} /></Card></Col>
      <Col span={8}><Card size="small"><Statistic title="已超期" value={sum('overdue')} styles={{ content: { color: '#f5222d' } }} /></Card></Col>
      <Col span={24}>
        <Card size="small">
          <Tabs
            activeKey={params.get('tab') ?? 'clocks'}
            onChange={(k) => setParams(k === 'clocks' ? {} : { tab: k }, { replace: true })}
            items={[
              { key: 'clocks', label: '时限看板', children: <ClockBoard rows={rows} /> },
              { key: 'ledger', label: '督办件台账', children: <SupervisionLedger /> },
              { key: 'repeats', label: '重复诉求', children: <RepeatReport /> },
              // 邵阳 第十八条; the center's staff who follow requests (the server says the same)
              ...(me && ['dispatcher', 'supervisor', 'leader', 'admin'].some((r) => me.roles.includes(r)) ? [{ key: 'deputies', label: '代表委员诉求台账', children: <DeputyLedger /> }] : []),
              // 重庆 第二十六条, 邵阳 第二十九条
              ...(me && ['dispatcher', 'supervisor', 'admin'].some((r) => me.roles.includes(r)) ? [{ key: 'misuse', label: '恶意来电标记', children: <MisuseMarks /> }] : []),
            ]}
          />
        </Card>
      </Col>
    </Row>
    </>
  );
}
