import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../api.ts';
import { validValues } from '../../components/forms.ts';
import { UNIT_KIND_LABELS, UnitPicker } from '../../components/UnitPicker.tsx';
import type { UnitContact, UnitNode } from '../../types.ts';

interface Values {
  name: string;
  kind: string;
  regionCode?: string;
  responsibilities?: string[];
  contacts?: UnitContact[];
}

const KINDS = ['district', 'department', 'street', 'community', 'enterprise'].map((value) => ({ value, label: UNIT_KIND_LABELS[value] }));

/** A server refusal shown on the field it names (details[].path), else above the form. */
function fieldErrors(form: ReturnType<typeof Form.useForm<Values>>[0], e: ApiError): boolean {
  const fields = (e.details ?? []).filter((d) => ['name', 'kind', 'regionCode', 'responsibilities', 'contacts'].includes(d.path.split('.')[0]!));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a field path from the server, e.g. contacts.0.phone
  form.setFields(fields.map((d) => ({ name: d.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) as any, errors: [d.message] })));
  return fields.length > 0;
}

/** 新建单位 under `parent`, or 编辑 `unit`: name, kind, region code, duties, duty contacts. */
export function UnitFormModal(props: { unit?: UnitNode; parent?: UnitNode; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { unit, parent } = props;
  const isCenter = unit?.kind === 'center';
  const save = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    setError(null);
    const body = {
      name: v.name,
      kind: v.kind,
      regionCode: v.regionCode?.trim() || null,
      responsibilities: v.responsibilities ?? [],
      contacts: (v.contacts ?? []).map((c) => ({ name: c.name, phone: c.phone, ...(c.title ? { title: c.title } : {}) })),
    };
    try {
      if (unit) await api.put(`/api/admin/units/${unit.id}`, body);
      else await api.post('/api/admin/units', { ...body, parentId: parent!.id });
      props.onSaved();
    } catch (e) {
      if (!(e instanceof ApiError && fieldErrors(form, e))) setError(e instanceof ApiError ? e.message : '保存失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open width={640} title={unit ? `编辑单位：${unit.name}` : `新建单位（上级：${parent?.name}）`} okText="保存" confirmLoading={busy} onOk={() => void save()} onCancel={props.onClose} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {isCenter ? (
        <Alert type="info" showIcon title="热线中心是单位树的根，只能修改联系人等信息，不能修改类型。" style={{ marginBottom: 12 }} />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={unit ? { name: unit.name, kind: unit.kind, regionCode: unit.regionCode ?? '', responsibilities: unit.responsibilities, contacts: unit.contacts } : { kind: 'department', contacts: [] }}
      >
        <Space.Compact block>
          <Form.Item name="name" label="单位名称" style={{ flex: 2, marginRight: 12 }} rules={[{ required: true, whitespace: true, message: '请填写单位名称' }, { min: 2, message: '至少 2 个字' }, { max: 100, message: '最多 100 个字' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="kind" label="类型" style={{ flex: 1, marginRight: 12 }} rules={[{ required: true, message: '请选择类型' }]}>
            <Select options={isCenter ? [{ value: 'center', label: '中心' }] : KINDS} disabled={isCenter} />
          </Form.Item>
          <Form.Item name="regionCode" label="行政区划代码" style={{ flex: 1 }} rules={[{ pattern: /^(\d{6}(\d{3})?)?$/, message: '6 位或 9 位数字' }]}>
            <Input placeholder="如 500103" inputMode="numeric" maxLength={9} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="responsibilities" label="职责" extra="智能派单按职责匹配诉求，每项一个词，如「路灯」「占道经营」；输入后按回车">
          <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} placeholder="输入职责后按回车" />
        </Form.Item>
        <Form.List name="contacts">
          {(fields, { add, remove }) => (
            <Form.Item label="值班联系人" extra="中心催办、协调时联系的工作电话">
              {fields.map((f) => (
                <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
                    <Input placeholder="姓名或岗位" aria-label="联系人姓名" style={{ width: 150 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'phone']} rules={[{ required: true, message: '请填写电话' }, { pattern: /^[0-9+\-() ]{3,30}$/, message: '只能含数字和 + - ( )' }]}>
                    <Input placeholder="电话" aria-label="联系电话" style={{ width: 170 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'title']}>
                    <Input placeholder="说明（可选）" aria-label="联系人说明" style={{ width: 170 }} />
                  </Form.Item>
                  <Button type="text" aria-label="删除联系人" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', phone: '' })} disabled={fields.length >= 20}>
                添加联系人
              </Button>
            </Form.Item>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

/** 调整上级单位: the unit moves with its whole subtree. */
export function MoveUnitModal(props: { unit: UnitNode; onClose: () => void; onSaved: () => void }) {
  const [target, setTarget] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inside = (n: UnitNode, id: string): boolean => n.id === id || n.children.some((c) => inside(c, id));
  const save = async () => {
    if (!target[0]) return setError('请选择新的上级单位');
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/admin/units/${props.unit.id}/move`, { parentId: target[0] });
      props.onSaved();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '调整失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`调整上级单位：${props.unit.name}`} okText="调整" confirmLoading={busy} onOk={() => void save()} onCancel={props.onClose} destroyOnHidden>
      <p>「{props.unit.name}」连同其全部下级单位移到新的上级单位之下。新上级及其上级单位将能看到它的工单，原上级单位不再能看到。</p>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <UnitPicker
        id="move-target"
        multiple={false}
        value={target}
        onChange={setTarget}
        placeholder="选择新的上级单位"
        // not itself or its own subtree, not where it already is, not a deactivated unit
        allow={(n) => n.active && !inside(props.unit, n.id) && n.id !== props.unit.parentId}
      />
    </Modal>
  );
}
