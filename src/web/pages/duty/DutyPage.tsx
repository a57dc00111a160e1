import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, DatePicker, Popconfirm, Row, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api, query } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { LiaisonsCard, OnsiteCard } from '../liaisons/LiaisonsCard.tsx';
import { useSession } from '../../session.tsx';
import { RosterEntryModal } from './RosterEntryModal.tsx';
import { spanLabel, type DutyEntry, type UnitRoster } from './types.ts';
import { UnitHoursCard } from './UnitHoursCard.tsx';

const DAY = 'YYYY-MM-DD';

/**
 * 值班表: one unit's hours and roster — who is on duty when and how to reach them (邵阳 第二十七条
 * 24小时值班表), leaders answering at the hotline (邵阳 第八条 领导接听日) and unit heads' turns there
 * (部门负责人轮值日). Kept by the system administrator and the unit's own 单位管理员; read by the
 * center (phones in full) and by other units (phones masked).
 */
export function DutyPage() {
  const { me } = useSession();
  const { message } = App.useApp();
  const [unitId, setUnitId] = useState<string>(me!.unit.id);
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('day'), dayjs().startOf('day').add(13, 'day')]);
  const [roster, setRoster] = useState<UnitRoster | null>(null);
  const [editing, setEditing] = useState<DutyEntry | 'new' | null>(null);
  const load = useCallback(
    () =>
      void api
        .get<UnitRoster>(`/api/units/${unitId}/roster${query({ from: range[0].format(DAY), to: range[1].format(DAY) })}`)
        .then(setRoster)
        .catch(showError),
    [unitId, range],
  );
  useEffect(load, [load]);
  const remove = async (e: DutyEntry) => {
    try {
      await api.delete(`/api/roster/${e.id}`);
      void message.success('已删除');
      load();
    } catch (error) {
      showError(error);
    }
  };
  return (
    <Row gutter={12}>
      <Col span={24} style={{ marginBottom: 12 }}>
        <Card size="small">
          <Space wrap>
            <Typography.Text strong>单位</Typography.Text>
            <div style={{ width: 360 }}>
              <UnitPicker multiple={false} value={[unitId]} onChange={(v) => v[0] && setUnitId(v[0])} allow={(n) => n.active !== false} placeholder="选择单位" />
            </div>
            <Typography.Text strong>日期</Typography.Text>
            <DatePicker.RangePicker aria-label="日期范围" value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
          </Space>
        </Card>
      </Col>
      <Col flex="0 0 300px">{roster && <UnitHoursCard roster={roster} onSaved={load} />}</Col>
      <Col flex="1 1 600px" style={{ minWidth: 0 }}>
        <Card
          size="small"
          title={roster ? `值班表 · ${roster.unit.unitName}` : '值班表'}
          extra={
            roster?.mayEdit && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
                登记值班
              </Button>
            )
          }
        >
          <Table<DutyEntry>
            size="small"
            onRow={(e) => (e.current ? { style: { background: '#f6ffed' } } : {})}
            rowKey="id"
            dataSource={roster?.entries ?? []}
            pagination={{ pageSize: 12, hideOnSinglePage: true }}
            locale={{ emptyText: '这段时间没有值班安排' }}
            columns={[
              {
                title: '日期',
                key: 'date',
                width: 110,
                render: (_: unknown, e) => (
                  <>
                    {e.startsAt.slice(0, 10)}
                    {e.current && (
                      <div>
                        <Tag color="green">进行中</Tag>
                      </div>
                    )}
                  </>
                ),
              },
              { title: '时间', key: 'span', width: 140, render: (_: unknown, e) => spanLabel(e) },
              { title: '类型', dataIndex: 'kindLabel', width: 90, render: (t: string, e) => <Tag color={e.kind === 'duty' ? 'blue' : 'purple'}>{t}</Tag> },
              {
                title: '姓名',
                key: 'name',
                render: (_: unknown, e) => (
                  <>
                    {e.name}
                    {e.title && (
                      <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 4 }}>
                        {e.title}
                      </Typography.Text>
                    )}
                  </>
                ),
              },
              { title: '电话', dataIndex: 'phone', width: 120, render: (p: string | null) => p ?? '—' },
              { title: '说明', dataIndex: 'note', width: 130, ellipsis: { showTitle: true }, render: (n: string | null) => n ?? '' },
              ...(roster?.mayEdit
                ? [
                    {
                      title: '操作',
                      key: 'actions',
                      width: 100,
                      render: (_: unknown, e: DutyEntry) => (
                        <Space size={0}>
                          <Button type="link" size="small" onClick={() => setEditing(e)}>
                            修改
                          </Button>
                          <Popconfirm title="删除这条值班安排？" okText="删除" cancelText="取消" onConfirm={() => void remove(e)}>
                            <Button type="link" size="small" danger>
                              删除
                            </Button>
                          </Popconfirm>
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      </Col>
      <Col span={24} style={{ marginTop: 12 }}>
        <LiaisonsCard key={unitId} unitId={unitId} />
      </Col>
      <Col span={24} style={{ marginTop: 12 }}>
        <OnsiteCard />
      </Col>
      {editing && roster && (
        <RosterEntryModal
          unitId={roster.unit.unitId}
          unitName={roster.unit.unitName}
          entry={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            void message.success('值班安排已保存');
            setEditing(null);
            load();
          }}
        />
      )}
    </Row>
  );
}
