import { DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { validValues } from '../../components/forms.ts';
import { DUTY_KIND_OPTIONS, type DutyEntry } from './types.ts';

interface Values {
  kind: DutyEntry['kind'];
  name: string;
  title?: string;
  phone?: string;
  span: [Dayjs, Dayjs];
  note?: string;
}

// read by the server as Beijing time, which is what the clerk means
const local = (d: Dayjs) => d.format('YYYY-MM-DDTHH:mm');
const fromIso = (iso: string) => dayjs(iso.slice(0, 16));

/** Adds or edits one roster entry: who, when (a shift or a span of days), how to reach them. */
export function RosterEntryModal({ unitId, unitName, entry, onClose, onSaved }: { unitId: string; unitName: string; entry: DutyEntry | null; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const kind = Form.useWatch('kind', form);
  useEffect(() => {
    if (entry) form.setFieldsValue({ kind: entry.kind, name: entry.name, title: entry.title ?? undefined, phone: entry.phone ?? undefined, span: [fromIso(entry.startsAt), fromIso(entry.endsAt)], note: entry.note ?? undefined });
  }, [entry, form]);
  const save = async () => {
    const v = await validValues(form);
    if (!v) return;
    const body = {
      kind: v.kind,
      name: v.name,
      ...(v.title?.trim() ? { title: v.title.trim() } : {}),
      ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
      startsAt: local(v.span[0]),
      endsAt: local(v.span[1]),
      ...(v.note?.trim() ? { note: v.note.trim() } : {}),
    };
    setBusy(true);
    try {
      if (entry) await api.put(`/api/roster/${entry.id}`, body);
      else await api.post(`/api/units/${unitId}/roster`, body);
      onSaved();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const today = dayjs().startOf('day');
  return (
    <Modal open title={`${entry ? '修改' : '登记'}值班安排 · ${unitName}`} okText="保存" cancelText="取消" confirmLoading={busy} onOk={() => void save()} onCancel={onClose} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'duty', span: [today.hour(17).minute(30), today.add(1, 'day').hour(8).minute(30)] }}
        requiredMark
      >
        <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
          <Select options={[...DUTY_KIND_OPTIONS]} />
        </Form.Item>
        <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="title" label="职务或岗位">
          <Input maxLength={50} placeholder="如：值班室、副局长" />
        </Form.Item>
        <Form.Item
          name="phone"
          label="联系电话"
          rules={[
            { required: kind === 'duty', whitespace: true, message: '值班须填写联系电话' },
            { pattern: /^[0-9+\-() ]{3,30}$/, message: '联系电话只能含数字、空格和 + - ( )' },
          ]}
        >
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="span" label="起止时间" rules={[{ required: true, message: '请选择起止时间' }]} extra="跨夜值班如 17:30 至次日 08:30；一条安排最长 31 天">
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input maxLength={200} placeholder="如：下班后值班、到12345热线中心接听来电" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
