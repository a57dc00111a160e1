import { Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { validValues } from '../../components/forms.ts';
import { LIAISON_ROLE_OPTIONS, type Liaison, type UnitLiaisons } from './types.ts';

interface Values {
  role: Liaison['role'];
  userId?: string;
  name?: string;
  title?: string;
  officePhone: string;
  mobile?: string;
  note?: string;
}

const PHONE = { pattern: /^[0-9+\-() ]{3,30}$/, message: '电话只能含数字、空格和 + - ( )' };

/** Names a liaison (a user of the unit, or a contact by name) with the office phone the center calls. */
export function LiaisonModal({ data, entry, onClose, onSaved }: { data: UnitLiaisons; entry: Liaison | null; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const userId = Form.useWatch('userId', form);
  // only the kinds the server lets this user set; one 热线联络员 per unit
  const roles = LIAISON_ROLE_OPTIONS.filter((o) => data.mayEdit[o.value] && (o.value !== 'liaison' || !data.items.some((l) => l.role === 'liaison' && l.id !== entry?.id)));
  useEffect(() => {
    if (entry) form.setFieldsValue({ role: entry.role, userId: entry.userId ?? undefined, name: entry.userId ? undefined : entry.name, title: entry.title ?? undefined, officePhone: entry.officePhone, mobile: entry.mobile ?? undefined, note: entry.note ?? undefined });
  }, [entry, form]);
  const save = async () => {
    const v = await validValues(form);
    if (!v) return;
    const body = {
      role: v.role,
      ...(v.userId ? { userId: v.userId } : {}),
      ...(v.name?.trim() ? { name: v.name.trim() } : {}),
      ...(v.title?.trim() ? { title: v.title.trim() } : {}),
      officePhone: v.officePhone.trim(),
      ...(v.mobile?.trim() ? { mobile: v.mobile.trim() } : {}),
      ...(v.note?.trim() ? { note: v.note.trim() } : {}),
    };
    setBusy(true);
    try {
      if (entry) await api.put(`/api/units/${data.unit.id}/liaisons/${entry.id}`, body);
      else await api.post(`/api/units/${data.unit.id}/liaisons`, body);
      onSaved();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`${entry ? '修改' : '设置'}联络员 · ${data.unit.name}`} okText="保存" cancelText="取消" confirmLoading={busy} onOk={() => void save()} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ role: roles[0]?.value }} requiredMark>
        <Form.Item name="role" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
          <Select options={roles.map((o) => ({ ...o }))} />
        </Form.Item>
        <Form.Item name="userId" label="本单位用户" extra="选择本单位的用户，或在下方填写姓名作为联系人">
          <Select allowClear showSearch optionFilterProp="label" placeholder="选择用户（可不选）" options={data.candidates.map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="name" label="姓名" rules={[{ required: !userId, whitespace: true, message: '请选择用户或填写姓名' }]}>
          <Input maxLength={50} placeholder={userId ? '默认为所选用户的姓名' : ''} />
        </Form.Item>
        <Form.Item name="title" label="职务或岗位">
          <Input maxLength={50} placeholder="如：办公室副主任" />
        </Form.Item>
        <Form.Item name="officePhone" label="办公电话" rules={[{ required: true, whitespace: true, message: '请填写办公电话，以便热线中心联系' }, PHONE]}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="mobile" label="手机" rules={[PHONE]}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input maxLength={200} placeholder="如：工作日 8:30-17:30 在岗" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
