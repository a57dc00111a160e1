import { App, Button, Cascader, Form, Input, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { validValues } from '../../components/forms.ts';

interface Rule {
  id: string;
  category: string;
  regionCode: string | null;
  unitId: string | null;
  unitName: string | null;
  unitKind: string | null;
  duty: string | null;
  note: string | null;
}
interface Category {
  value: string;
  label: string;
  children?: Category[];
}
interface FormValues {
  category: string[];
  target: 'unit' | 'kind';
  unitId?: string[];
  unitKind?: string;
  duty?: string;
  regionCode?: string;
  note?: string;
}

const KINDS = [
  { value: 'street', label: '属地街道/乡镇' },
  { value: 'department', label: '属地职能部门' },
  { value: 'district', label: '属地区县' },
  { value: 'community', label: '属地社区' },
  { value: 'enterprise', label: '企业' },
];
const kindLabel = (k: string | null) => KINDS.find((x) => x.value === k)?.label ?? k;

/**
 * 派单目录: which unit answers for which category where. A line names a unit, or a kind of unit
 * (with a duty) that the place of the request decides — 属地 and 属事 (重庆市办法 第十二条).
 */
export function RoutingTable() {
  const { message } = App.useApp();
  const [rows, setRows] = useState<Rule[]>([]);
  const [categories, setCategories] = useState<Category[]>([]);
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<FormValues>();
  const target = Form.useWatch('target', form);
  const load = useCallback(() => void api.get<Rule[]>('/api/routing-rules').then(setRows).catch(showError), []);
  useEffect(load, [load]);
  useEffect(() => void api.get<Category[]>('/api/categories').then(setCategories).catch(showError), []);

  const open = (rule: Rule | 'new') => {
    setError(null);
    setEditing(rule);
    form.setFieldsValue(
      rule === 'new'
        ? { target: 'kind', unitKind: 'street', category: [] }
        : {
            category: rule.category.includes('/') ? [rule.category.split('/')[0]!, rule.category] : [rule.category],
            target: rule.unitId ? 'unit' : 'kind',
            unitId: rule.unitId ? [rule.unitId] : undefined,
            unitKind: rule.unitKind ?? undefined,
            duty: rule.duty ?? undefined,
            regionCode: rule.regionCode ?? undefined,
            note: rule.note ?? undefined,
          },
    );
  };
  const save = async () => {
    const v = await validValues(form);
    if (!v) return;
    const body = {
      category: v.category.at(-1),
      regionCode: v.regionCode || null,
      unitId: v.target === 'unit' ? (v.unitId?.[0] ?? null) : null,
      unitKind: v.target === 'kind' ? (v.unitKind ?? null) : null,
      duty: v.target === 'kind' ? v.duty || null : null,
      note: v.note || null,
    };
    try {
      if (editing === 'new') await api.post('/api/routing-rules', body);
      else await api.put(`/api/routing-rules/${editing!.id}`, body);
      message.success('派单目录已保存');
      setEditing(null);
      load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '保存失败');
    }
  };
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <Button type="primary" onClick={() => open('new')}>新增条目</Button>
        <Typography.Text type="secondary">二级分类的条目优先于一级分类；指定辖区的条目只在该辖区适用。</Typography.Text>
      </Space>
      <Table<Rule>
        size="small"
        rowKey="id"
        dataSource={rows}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: '分类', dataIndex: 'category' },
          { title: '辖区', dataIndex: 'regionCode', render: (c: string | null) => c ?? <Tag>全部</Tag> },
          { title: '承办', render: (_, r) => (r.unitName ? r.unitName : <>{kindLabel(r.unitKind)}{r.duty && <Tag style={{ marginLeft: 6 }}>职责：{r.duty}</Tag>}</>) },
          { title: '说明', dataIndex: 'note', ellipsis: true },
          {
            title: '操作',
            width: 130,
            render: (_, r) => (
              <Space>
                <Button size="small" onClick={() => open(r)}>修改</Button>
                <Popconfirm title="删除这条派单目录？" okText="删除" cancelText="取消" onConfirm={() => api.delete(`/api/routing-rules/${r.id}`).then(load, showError)}>
                  <Button size="small" danger>删除</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={editing !== null} destroyOnHidden title={editing === 'new' ? '新增派单目录条目' : '修改派单目录条目'} okText="保存" cancelText="取消" onCancel={() => setEditing(null)} onOk={save}>
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="category" label="分类" rules={[{ required: true, message: '请选择分类' }]}>
            <Cascader options={categories} changeOnSelect showSearch placeholder="一级 / 二级分类" />
          </Form.Item>
          <Form.Item name="target" label="承办">
            <Radio.Group options={[{ value: 'kind', label: '按属地单位类型' }, { value: 'unit', label: '指定单位' }]} optionType="button" />
          </Form.Item>
          {target === 'unit' ? (
            <Form.Item name="unitId" label="承办单位" rules={[{ required: true, message: '请选择承办单位' }]}>
              <UnitPicker multiple={false} />
            </Form.Item>
          ) : (
            <Space.Compact block>
              <Form.Item name="unitKind" label="单位类型" rules={[{ required: true, message: '请选择单位类型' }]} style={{ width: '50%' }}>
                <Select options={KINDS} />
              </Form.Item>
              <Form.Item name="duty" label="职责（可选，须与单位职责一致）" style={{ width: '50%' }}>
                <Input maxLength={50} placeholder="如：路灯" />
              </Form.Item>
            </Space.Compact>
          )}
          <Form.Item name="regionCode" label="适用辖区代码（可选，留空为全部）" rules={[{ pattern: /^\d{6}(\d{3}){0,2}$/, message: '区划代码应为 6、9 或 12 位数字' }]}>
            <Input placeholder="如 500103（渝中区）" maxLength={12} />
          </Form.Item>
          <Form.Item name="note" label="说明">
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
