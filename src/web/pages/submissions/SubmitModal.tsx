import { Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { api, query } from '../../api.ts';
import { AttachmentUpload, type UploadedAttachment } from '../../components/AttachmentUpload.tsx';
import { showError } from '../../components/feedback.ts';
import { validValues } from '../../components/forms.ts';
import { KIND_OPTIONS, type Submission } from './types.ts';

interface Values {
  kind: Submission['kind'];
  title: string;
  body: string;
  ticketIds?: string[];
}

/** 报送: a unit sends the center its 工作动态、典型案例 or 情况分析 (邵阳 第六条（六）), with its own tickets and files. */
export function SubmitModal({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [files, setFiles] = useState<UploadedAttachment[]>([]);
  const [options, setOptions] = useState<Array<{ value: string; label: string }>>([]);
  const search = (q: string) =>
    void api
      .get<{ items: Array<{ id: string; number: string; title: string | null }> }>(`/api/tickets${query({ q: q.trim() || undefined, pageSize: 20 })}`)
      .then((r) => setOptions(r.items.map((t) => ({ value: t.id, label: `${t.number} ${t.title ?? ''}` }))))
      .catch(() => setOptions([]));
  const save = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    try {
      await api.post('/api/submissions', { kind: v.kind, title: v.title.trim(), body: v.body.trim(), ticketIds: v.ticketIds ?? [], attachments: files.map((f) => f.id) });
      onSaved();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open width={680} title="报送材料" okText="报送" cancelText="取消" confirmLoading={busy} onOk={() => void save()} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ kind: 'news' }} requiredMark>
        <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
          <Select options={KIND_OPTIONS.map((o) => ({ ...o }))} />
        </Form.Item>
        <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, min: 2, message: '请填写标题（至少 2 个字）' }]}>
          <Input maxLength={100} showCount />
        </Form.Item>
        <Form.Item name="body" label="正文" rules={[{ required: true, whitespace: true, min: 10, message: '正文至少 10 个字' }]}>
          <Input.TextArea rows={8} maxLength={20000} />
        </Form.Item>
        <Form.Item name="ticketIds" label="关联工单" extra="可选：本单位承办过的工单，按编号或内容查找">
          <Select mode="multiple" showSearch filterOption={false} onSearch={search} onFocus={() => search('')} options={options} placeholder="输入工单编号或关键词" maxCount={50} />
        </Form.Item>
        <Form.Item label="附件">
          <AttachmentUpload value={files} onChange={setFiles} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
