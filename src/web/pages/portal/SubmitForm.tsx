import { Alert, App, Button, Form, Input, Radio, Result, Select, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { api, ApiError } from '../../api.ts';
import { TYPE_OPTIONS } from '../../types.ts';
import { PhotoPicker } from './PhotoPicker.tsx';

interface Values {
  name: string;
  phone: string;
  type: string;
  address?: string;
  content: string;
  anonymous: boolean;
}

/** 提交诉求: who, what, where, photos of the place; then the number and query code to follow it. */
export function SubmitForm({ onDone }: { onDone: (number: string, code: string) => void }) {
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [photos, setPhotos] = useState<string[]>([]);
  const [uploading, setUploading] = useState(false);
  const [done, setDone] = useState<{ number: string; queryCode: string } | null>(null);
  const [round, setRound] = useState(0);
  const onPhotos = useCallback((ids: string[]) => setPhotos(ids), []);
  if (done) {
    return (
      <Result
        status="success"
        title="您的诉求已提交"
        style={{ padding: '24px 0' }}
        subTitle={
          <>
            工单编号 <strong style={{ userSelect: 'all' }}>{done.number}</strong>
            <br />
            查询码 <strong style={{ userSelect: 'all', letterSpacing: 1 }}>{done.queryCode}</strong>
            <br />
            请妥善保存，凭编号和查询码查询办理进度。
          </>
        }
        extra={
          <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
            <Button
              block
              onClick={() =>
                navigator.clipboard
                  .writeText(`12345 工单编号 ${done.number} 查询码 ${done.queryCode}`)
                  .then(() => message.success('已复制，可粘贴保存'))
                  // some in-app browsers allow no clipboard: the text can still be pressed and copied
                  .catch(() => message.info('请长按编号和查询码复制'))
              }
            >
              复制编号和查询码
            </Button>
            <Button type="primary" block onClick={() => onDone(done.number, done.queryCode)}>查询进度</Button>
            <Button block onClick={() => (setDone(null), setRound((r) => r + 1))}>再提交一件</Button>
          </div>
        }
      />
    );
  }
  return (
    <Form<Values>
      key={round}
      layout="vertical"
      initialValues={{ type: 'help', anonymous: false }}
      style={{ maxWidth: 640 }}
      onFinish={async (v) => {
        setBusy(true);
        setError(null);
        try {
          setDone(
            await api.post('/api/public/tickets', {
              caller: { name: v.name, phone: v.phone },
              type: v.type,
              content: v.content,
              address: v.address?.trim() || undefined,
              anonymous: v.anonymous,
              attachments: photos,
            }),
          );
        } catch (e) {
          setError(e instanceof ApiError ? e.message : '提交失败，请稍后重试');
        } finally {
          setBusy(false);
        }
      }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
        <Input maxLength={50} autoComplete="name" />
      </Form.Item>
      <Form.Item name="phone" label="手机号码" rules={[{ required: true, message: '请填写手机号码' }, { pattern: /^1\d{10}$/, message: '请填写 11 位手机号码' }]}>
        <Input maxLength={11} inputMode="tel" autoComplete="tel" />
      </Form.Item>
      <Form.Item name="type" label="诉求类型">
        <Select options={TYPE_OPTIONS} />
      </Form.Item>
      <Form.Item name="content" label="诉求内容" rules={[{ required: true, whitespace: true, message: '请填写诉求内容' }, { min: 10, message: '请把诉求写具体一些（至少 10 字）' }]}>
        <Input.TextArea rows={5} maxLength={10000} showCount placeholder="请写明时间、地点、具体问题和您的诉求" />
      </Form.Item>
      <Form.Item name="address" label="事发地点" extra="区县、街道、路名门牌，或附近的标志性建筑">
        <Input maxLength={300} placeholder="如：渝中区解放碑新华路 28 号门口" />
      </Form.Item>
      <Form.Item label="现场照片（可选，最多 6 张）">
        <PhotoPicker onChange={onPhotos} onBusy={setUploading} />
      </Form.Item>
      <Form.Item name="anonymous" label="对承办单位保密我的个人信息">
        <Radio.Group optionType="button" options={[{ value: false, label: '不需要' }, { value: true, label: '需要' }]} />
      </Form.Item>
      <Typography.Paragraph type="secondary">涉及生命财产安全的紧急情况请直接拨打 110、119、120、122。</Typography.Paragraph>
      <Button type="primary" htmlType="submit" block loading={busy} disabled={uploading}>
        {uploading ? '照片上传中…' : '提交'}
      </Button>
    </Form>
  );
}
