import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { ServiceHours } from '../../../core/telephony/service-hours.ts';
import { HOTLINE_KIND_LABELS, HOTLINE_KINDS, HOTLINE_KINDS_WITH_UNIT, type HotlineKind } from '../../../core/telephony/transfers.ts';
import { api } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { validValues } from '../../components/forms.ts';
import { fromHours, ServiceHoursFields, toHours, type HoursValues } from '../../components/ServiceHoursFields.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';

export interface Hotline {
  id: string;
  number: string;
  name: string;
  kind: HotlineKind;
  kindLabel: string;
  unitId: string | null;
  unitName: string | null;
  transferNumber: string | null;
  hours: ServiceHours;
  hoursLabel: string;
  answersNow: boolean;
  linkage: string | null;
  note: string | null;
  active: boolean;
}

interface Values {
  number: string;
  name: string;
  kind: HotlineKind;
  unitId?: string[];
  transferNumber?: string;
  hours: HoursValues;
  linkage?: string;
  note?: string;
  active: boolean;
}

const KIND_COLORS: Record<HotlineKind, string> = { main: 'gold', merged: 'cyan', parallel: 'blue', subcentre: 'purple', emergency: 'red' };

/**
 * 系统管理 · 热线号码: the numbers 12345 knows — merged (整体并入) and parallel (双号并行) hotlines, the
 * sub-centres with the unit that runs each (凉山 第六条（一）), the emergency lines and their linkage
 * (邵阳 第七条). The desk transfers from this list; calls and statistics name the number dialled by it.
 */
export function HotlinesAdmin() {
  const { message } = App.useApp();
  const [items, setItems] = useState<Hotline[]>([]);
  const [editing, setEditing] = useState<Hotline | 'new' | null>(null);
  const load = useCallback(() => void api.get<{ items: Hotline[] }>('/api/hotlines?all=true').then((r) => setItems(r.items)).catch(showError), []);
  useEffect(load, [load]);
  const remove = async (h: Hotline) => {
    try {
      await api.delete(`/api/admin/hotlines/${h.id}`);
      void message.success('已删除');
      load();
    } catch (e) {
      showError(e);
    }
  };
  return (
    <>
      <Space style={{ marginBottom: 8, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">整体并入的号码振铃到 12345；双号并行和分中心由其主管单位接听，12345 可转接；紧急热线按联动机制转接。</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          新增号码
        </Button>
      </Space>
      <Table<Hotline>
        size="small"
        rowKey="id"
        dataSource={items}
        pagination={false}
        scroll={{ x: 1000 }}
        data-testid="hotlines-table"
        columns={[
          { title: '号码', dataIndex: 'number', width: 90, render: (n: string, h) => <Typography.Text strong delete={!h.active}>{n}</Typography.Text> },
          { title: '名称', dataIndex: 'name', width: 200 },
          { title: '类型', dataIndex: 'kindLabel', width: 100, render: (l: string, h) => <Tag color={KIND_COLORS[h.kind]}>{l}</Tag> },
          { title: '主管单位', dataIndex: 'unitName', width: 170, render: (u: string | null) => u ?? '—' },
          { title: '转接号码', dataIndex: 'transferNumber', width: 100, render: (n: string | null) => n ?? '—' },
          {
            title: '服务时间',
            dataIndex: 'hoursLabel',
            width: 170,
            render: (l: string, h) => (
              <>
                {l} {h.active && <Tag color={h.answersNow ? 'green' : 'default'}>{h.answersNow ? '服务中' : '非服务时间'}</Tag>}
              </>
            ),
          },
          { title: '联动机制 / 备注', key: 'linkage', ellipsis: true, render: (_: unknown, h) => [h.linkage, h.note].filter(Boolean).join('；') || '—' },
          { title: '状态', dataIndex: 'active', width: 70, render: (a: boolean) => (a ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>) },
          {
            title: '操作',
            key: 'actions',
            width: 110,
            fixed: 'right',
            render: (_: unknown, h) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(h)}>
                  修改
                </Button>
                {h.kind !== 'main' && (
                  <Popconfirm title={`删除 ${h.number}？已有转接记录的只能停用`} okText="删除" cancelText="取消" onConfirm={() => void remove(h)}>
                    <Button type="link" size="small" danger>
                      删除
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <HotlineModal
          hotline={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            void message.success('热线号码已保存');
            setEditing(null);
            load();
          }}
        />
      )}
    </>
  );
}

function HotlineModal({ hotline, onClose, onSaved }: { hotline: Hotline | null; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const kind = Form.useWatch('kind', form);
  const needsUnit = HOTLINE_KINDS_WITH_UNIT.includes(kind);
  const initial: Values = hotline
    ? {
        number: hotline.number,
        name: hotline.name,
        kind: hotline.kind,
        unitId: hotline.unitId ? [hotline.unitId] : [],
        transferNumber: hotline.transferNumber ?? undefined,
        hours: fromHours(hotline.hours, { aroundTheClock: true }),
        linkage: hotline.linkage ?? undefined,
        note: hotline.note ?? undefined,
        active: hotline.active,
      }
    : { number: '', name: '', kind: 'subcentre', unitId: [], hours: { aroundTheClock: true, days: [1, 2, 3, 4, 5], from: '09:00', to: '17:30' }, active: true };
  const save = async () => {
    const v = await validValues(form);
    if (!v) return;
    const body = {
      number: v.number.trim(),
      name: v.name.trim(),
      kind: v.kind,
      unitId: v.unitId?.[0] ?? null,
      transferNumber: v.transferNumber?.trim() || null,
      hours: toHours(v.hours),
      linkage: v.linkage?.trim() || null,
      note: v.note?.trim() || null,
      active: v.active,
    };
    setBusy(true);
    try {
      if (hotline) await api.put(`/api/admin/hotlines/${hotline.id}`, body);
      else await api.post('/api/admin/hotlines', body);
      onSaved();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const isMain = hotline?.kind === 'main';
  return (
    <Modal open title={hotline ? `修改热线号码 · ${hotline.number}` : '新增热线号码'} okText="保存" cancelText="取消" confirmLoading={busy} onOk={() => void save()} onCancel={onClose} destroyOnHidden width={560}>
      <Form form={form} layout="vertical" initialValues={initial} requiredMark>
        <Space align="start" wrap>
          <Form.Item name="number" label="号码" rules={[{ required: true, pattern: /^[0-9]{3,20}$/, message: '号码应为 3–20 位数字' }]}>
            <Input maxLength={20} style={{ width: 140 }} placeholder="如 12366" />
          </Form.Item>
          <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
            <Select style={{ width: 150 }} disabled={isMain} options={HOTLINE_KINDS.filter((k) => isMain || k !== 'main').map((k) => ({ value: k, label: HOTLINE_KIND_LABELS[k] }))} />
          </Form.Item>
          <Form.Item name="transferNumber" label="转接号码" rules={[{ pattern: /^[0-9]{3,20}$/, message: '应为 3–20 位数字' }]}>
            <Input maxLength={20} style={{ width: 140 }} placeholder="与号码相同可不填" />
          </Form.Item>
        </Space>
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
          <Input maxLength={60} placeholder="如：12366 纳税缴费服务热线" />
        </Form.Item>
        <Form.Item name="unitId" label="主管（承办）单位" rules={[{ required: needsUnit, type: 'array', min: needsUnit ? 1 : 0, message: '分中心、并入和并行热线须指定主管单位' }]} extra="转办给该热线的诉求由这个单位按时办理">
          <UnitPicker multiple={false} placeholder="选择单位" />
        </Form.Item>
        <ServiceHoursFields />
        <Form.Item name="linkage" label="联动机制" style={{ marginTop: 12 }}>
          <Input.TextArea maxLength={300} autoSize={{ minRows: 1, maxRows: 3 }} placeholder="如：非警务求助由 110 转 12345 登记办理" />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="active" label="启用" valuePropName="checked">
          <Switch disabled={isMain} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
