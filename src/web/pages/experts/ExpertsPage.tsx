import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { ServiceHours } from '../../../core/telephony/service-hours.ts';
import { api, query } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { validValues } from '../../components/forms.ts';
import { fromHours, ServiceHoursFields, toHours, type HoursValues } from '../../components/ServiceHoursFields.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { useSession } from '../../session.tsx';

export interface Expert {
  id: string;
  unitId: string;
  unitName: string;
  name: string;
  title: string | null;
  topics: string[];
  extension: string | null;
  phone: string | null;
  hours: ServiceHours;
  hoursLabel: string;
  onDutyNow: boolean;
  note: string | null;
  active: boolean;
  matched: string[];
  mayEdit: boolean;
}

interface Values {
  unitId?: string[];
  name: string;
  title?: string;
  topics: string[];
  extension?: string;
  phone?: string;
  hours: HoursValues;
  note?: string;
  active: boolean;
}

const WORKDAYS: HoursValues = { aroundTheClock: false, days: [1, 2, 3, 4, 5], from: '09:00', to: '17:30' };

/**
 * 专家座席: the experts each unit designates for the hotline (大足 第四条（五）, 凉山 第七条（五）, 邵阳
 * 第六条（五）) — kept by the unit's 单位管理员 (or the system administrator), seen by the unit's people,
 * found by the center for a matter and brought into a three-way call or transferred to.
 */
export function ExpertsPage() {
  const { me } = useSession();
  const { message } = App.useApp();
  const [unitId, setUnitId] = useState<string | undefined>(undefined);
  const [text, setText] = useState('');
  const [data, setData] = useState<{ items: Expert[]; mayAddFor: string | null }>({ items: [], mayAddFor: null });
  const [editing, setEditing] = useState<Expert | 'new' | null>(null);
  const load = useCallback(
    () =>
      void api
        .get<{ items: Expert[]; mayAddFor: string | null }>(`/api/experts${query({ unitId, text: text.trim() || undefined, all: 'true' })}`)
        .then(setData)
        .catch(showError),
    [unitId, text],
  );
  useEffect(load, [load]);
  const remove = async (e: Expert) => {
    try {
      await api.delete(`/api/experts/${e.id}`);
      void message.success('已删除');
      load();
    } catch (error) {
      showError(error);
    }
  };
  return (
    <Card
      size="small"
      title="专家座席"
      extra={
        data.mayAddFor && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            登记专家
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 8 }}>
        {me!.isCenter && (
          <div style={{ width: 300 }}>
            <UnitPicker multiple={false} value={unitId ? [unitId] : []} onChange={(v) => setUnitId(v[0])} placeholder="全部单位" />
          </div>
        )}
        <Input.Search allowClear placeholder="按专业领域查找，如：路灯、社保" style={{ width: 280 }} onSearch={setText} aria-label="按专业领域查找" />
        <Typography.Text type="secondary">在岗：按专家坐席时间，此刻可转接或三方通话</Typography.Text>
      </Space>
      <Table<Expert>
        size="small"
        rowKey="id"
        dataSource={data.items}
        pagination={{ pageSize: 15, hideOnSinglePage: true }}
        scroll={{ x: 960 }}
        locale={{ emptyText: '尚未登记专家座席' }}
        data-testid="experts-table"
        columns={[
          {
            title: '专家',
            key: 'name',
            width: 170,
            render: (_: unknown, e) => (
              <>
                <Typography.Text strong delete={!e.active}>
                  {e.name}
                </Typography.Text>
                {e.title && <div style={{ fontSize: 12, color: '#888' }}>{e.title}</div>}
              </>
            ),
          },
          { title: '单位', dataIndex: 'unitName', width: 170 },
          { title: '专业领域', dataIndex: 'topics', render: (ts: string[], e) => ts.map((t) => <Tag key={t} color={e.matched.includes(t) ? 'orange' : undefined}>{t}</Tag>) },
          { title: '分机', dataIndex: 'extension', width: 80, render: (x: string | null) => x ?? '—' },
          { title: '电话', dataIndex: 'phone', width: 130, render: (x: string | null) => x ?? '—' },
          {
            title: '坐席时间',
            dataIndex: 'hoursLabel',
            width: 190,
            render: (l: string, e) => (
              <>
                {l} {e.active ? <Tag color={e.onDutyNow ? 'green' : 'default'}>{e.onDutyNow ? '在岗' : '不在岗'}</Tag> : <Tag>停用</Tag>}
              </>
            ),
          },
          {
            title: '操作',
            key: 'actions',
            width: 100,
            fixed: 'right',
            render: (_: unknown, e) =>
              e.mayEdit && (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setEditing(e)}>
                    修改
                  </Button>
                  <Popconfirm title={`删除专家 ${e.name}？已有转接记录的只能停用`} okText="删除" cancelText="取消" onConfirm={() => void remove(e)}>
                    <Button type="link" size="small" danger>
                      删除
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      {editing && (
        <ExpertModal
          expert={editing === 'new' ? null : editing}
          fixedUnit={data.mayAddFor && data.mayAddFor !== 'any' ? { id: data.mayAddFor, name: me!.unit.name } : null}
          onClose={() => setEditing(null)}
          onSaved={() => {
            void message.success('专家座席已保存');
            setEditing(null);
            load();
          }}
        />
      )}
    </Card>
  );
}

function ExpertModal({ expert, fixedUnit, onClose, onSaved }: { expert: Expert | null; fixedUnit: { id: string; name: string } | null; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const initial: Values = expert
    ? {
        name: expert.name,
        title: expert.title ?? undefined,
        topics: expert.topics,
        extension: expert.extension ?? undefined,
        phone: expert.phone ?? undefined,
        hours: fromHours(expert.hours, WORKDAYS),
        note: expert.note ?? undefined,
        active: expert.active,
      }
    : { unitId: fixedUnit ? [fixedUnit.id] : [], name: '', topics: [], hours: WORKDAYS, active: true };
  const save = async () => {
    const v = await validValues(form);
    if (!v) return;
    const body = {
      name: v.name.trim(),
      title: v.title?.trim() || null,
      topics: v.topics.map((t) => t.trim()).filter(Boolean),
      extension: v.extension?.trim() || null,
      phone: v.phone?.trim() || null,
      hours: toHours(v.hours),
      note: v.note?.trim() || null,
      active: v.active,
    };
    setBusy(true);
    try {
      if (expert) await api.put(`/api/experts/${expert.id}`, body);
      else await api.post(`/api/units/${v.unitId?.[0] ?? fixedUnit?.id}/experts`, body);
      onSaved();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={expert ? `修改专家座席 · ${expert.name}` : '登记专家座席'} okText="保存" cancelText="取消" confirmLoading={busy} onOk={() => void save()} onCancel={onClose} destroyOnHidden width={560}>
      <Form form={form} layout="vertical" initialValues={initial} requiredMark>
        {expert ? (
          <Form.Item label="单位">{expert.unitName}</Form.Item>
        ) : fixedUnit ? (
          <Form.Item label="单位">{fixedUnit.name}</Form.Item>
        ) : (
          <Form.Item name="unitId" label="单位" rules={[{ required: true, type: 'array', min: 1, message: '请选择专家所在单位' }]}>
            <UnitPicker multiple={false} placeholder="选择单位" />
          </Form.Item>
        )}
        <Space align="start" wrap>
          <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写专家姓名' }]}>
            <Input maxLength={50} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="title" label="职务职称">
            <Input maxLength={60} style={{ width: 300 }} placeholder="如：城建科科长、高级工程师" />
          </Form.Item>
        </Space>
        <Form.Item name="topics" label="专业领域" rules={[{ required: true, type: 'array', min: 1, message: '请至少填写一个专业领域' }]} extra="输入后回车；话务员按诉求内容匹配这些词">
          <Select mode="tags" tokenSeparators={[',', '，', '、', ' ']} open={false} placeholder="如：路灯、市政设施" />
        </Form.Item>
        <Space align="start" wrap>
          <Form.Item
            name="extension"
            label="分机号"
            dependencies={['phone']}
            rules={[
              { pattern: /^[0-9A-Za-z*#-]{1,20}$/, message: '分机号只能包含数字、字母和 * # -' },
              ({ getFieldValue }) => ({ validator: (_, v) => (v || getFieldValue('phone') ? Promise.resolve() : Promise.reject(new Error('分机号或联系电话至少填一项'))) }),
            ]}
          >
            <Input maxLength={20} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="phone" label="联系电话" rules={[{ pattern: /^[0-9+\-() ]{3,30}$/, message: '电话只能含数字、空格和 + - ( )' }]}>
            <Input maxLength={30} style={{ width: 200 }} />
          </Form.Item>
        </Space>
        <ServiceHoursFields />
        <Form.Item name="note" label="说明" style={{ marginTop: 12 }}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="active" label="启用" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
