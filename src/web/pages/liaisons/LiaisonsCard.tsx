import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { LiaisonModal } from './LiaisonModal.tsx';
import type { Liaison, UnitLiaisons } from './types.ts';

const ROLE_COLORS: Record<Liaison['role'], string> = { liaison: 'blue', backup: 'cyan', onsite: 'purple' };

// a number is never broken over two lines (023-\n63801234 reads as two numbers)
export const phones = (l: Liaison) => (
  <>
    <span style={{ whiteSpace: 'nowrap' }}>{l.officePhone}</span>
    {l.mobile && (
      <Typography.Text type="secondary" style={{ marginInlineStart: 6, whiteSpace: 'nowrap' }}>
        手机 {l.mobile}
      </Typography.Text>
    )}
  </>
);

/**
 * 热线联络员与驻场值守 of one unit (大足 第四条（二）): who the center calls about the unit's tickets;
 * kept by the administrator and the unit's 单位管理员 (the buttons are those the server allows).
 */
export function LiaisonsCard({ unitId, onChanged }: { unitId: string; onChanged?: () => void }) {
  const { message } = App.useApp();
  const [data, setData] = useState<UnitLiaisons | null>(null);
  const [editing, setEditing] = useState<Liaison | 'new' | null>(null);
  const load = useCallback(() => void api.get<UnitLiaisons>(`/api/units/${unitId}/liaisons`).then(setData).catch(showError), [unitId]);
  useEffect(load, [load]);
  const changed = () => {
    load();
    onChanged?.();
  };
  const remove = async (l: Liaison) => {
    try {
      await api.delete(`/api/units/${unitId}/liaisons/${l.id}`);
      void message.success('已删除');
      changed();
    } catch (e) {
      showError(e);
    }
  };
  const mayAdd = data && data.unit.active && Object.values(data.mayEdit).some(Boolean);
  return (
    <Card
      size="small"
      title={data ? `热线联络员 · ${data.unit.name}` : '热线联络员'}
      data-testid="liaisons-card"
      extra={
        mayAdd && (
          <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            设置联络员
          </Button>
        )
      }
    >
      {data?.missing && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title="该单位尚未明确热线联络员" description="热线中心需要一位相对固定的联络员，以便就本单位的工单及时联系。" />}
      <Table<Liaison>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={data?.items ?? []}
        locale={{ emptyText: '未登记' }}
        columns={[
          { title: '类型', dataIndex: 'roleLabel', width: 100, render: (t: string, l) => <Tag color={ROLE_COLORS[l.role]}>{t}</Tag> },
          {
            title: '姓名',
            key: 'name',
            render: (_: unknown, l) => (
              <>
                {l.name}
                {l.title && <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 4 }}>{l.title}</Typography.Text>}
                {l.username && <Tag style={{ marginInlineStart: 4 }}>系统用户</Tag>}
              </>
            ),
          },
          { title: '电话', key: 'phones', render: (_: unknown, l) => phones(l) },
          { title: '说明', dataIndex: 'note', ellipsis: true, render: (n: string | null) => n ?? '' },
          ...(data && Object.values(data.mayEdit).some(Boolean)
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 100,
                  render: (_: unknown, l: Liaison) =>
                    data.mayEdit[l.role] && (
                      <Space size={0}>
                        <Button type="link" size="small" onClick={() => setEditing(l)}>
                          修改
                        </Button>
                        <Popconfirm title={`删除${l.roleLabel}「${l.name}」？`} okText="删除" cancelText="取消" onConfirm={() => void remove(l)}>
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
      {editing && data && (
        <LiaisonModal
          data={data}
          entry={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            void message.success('联络员已保存');
            setEditing(null);
            changed();
          }}
        />
      )}
    </Card>
  );
}

/** 驻场值守: the staff stationed at the hotline, of every unit (大足 第四条（二） 工作驻场值守人员). */
export function OnsiteCard() {
  const [items, setItems] = useState<Liaison[] | null>(null);
  useEffect(() => void api.get<{ onsite: Liaison[] }>('/api/liaisons').then((a) => setItems(a.onsite)).catch(showError), []);
  return (
    <Card size="small" title="驻场值守人员" data-testid="onsite-card">
      <Table<Liaison>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={items ?? []}
        locale={{ emptyText: '未安排驻场值守人员' }}
        columns={[
          { title: '单位', dataIndex: 'unitName' },
          { title: '姓名', key: 'name', render: (_: unknown, l) => <>{l.name}{l.title && <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 4 }}>{l.title}</Typography.Text>}</> },
          { title: '电话', key: 'phones', render: (_: unknown, l) => phones(l) },
          { title: '说明', dataIndex: 'note', ellipsis: true, render: (n: string | null) => n ?? '' },
        ]}
      />
    </Card>
  );
}
