import { Alert, App, Button, Card, Descriptions, Form, Input, Radio, Select, Steps, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError, query } from '../../api.ts';

interface Progress {
  number: string;
  status: string;
  statusLabel: string;
  type: string;
  content: string;
  createdAt: string;
  progress: Array<{ at: string; step: string }>;
  result: string | null;
  canRate: boolean;
  satisfaction: string | null;
}

const time = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** 查询进度 with the number and query code from the SMS; 评价 once the request is done. */
export function TrackPanel({ initial }: { initial: { number: string; code: string } | null }) {
  const { message } = App.useApp();
  const [data, setData] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [keys, setKeys] = useState(initial);
  const [busy, setBusy] = useState(false);
  const look = async (number: string, code: string) => {
    setError(null);
    setBusy(true);
    try {
      setData(await api.get<Progress>(`/api/public/tickets/${number}${query({ code })}`));
      setKeys({ number, code });
    } catch (e) {
      setData(null);
      setError(e instanceof ApiError ? e.message : '查询失败');
    } finally {
      setBusy(false);
    }
  };
  // straight from a submission: its progress at once
  useEffect(() => {
    if (initial) void look(initial.number, initial.code);
  }, []);
  return (
    <div style={{ maxWidth: 720 }}>
      <Form layout="vertical" initialValues={{ number: initial?.number, code: initial?.code }} onFinish={(v) => look(v.number.trim(), v.code.replace(/[\s-]/g, '').toUpperCase())}>
        <Form.Item name="number" label="工单编号" rules={[{ required: true, whitespace: true, message: '请填写工单编号' }]}>
          <Input inputMode="numeric" autoComplete="off" />
        </Form.Item>
        <Form.Item name="code" label="查询码" rules={[{ required: true, whitespace: true, message: '请填写查询码' }]}>
          {/* 10 letters and digits from the SMS (6 digits for older tickets); case and spaces do not matter */}
          <Input maxLength={16} placeholder="短信中的查询码" autoComplete="off" autoCapitalize="characters" spellCheck={false} style={{ textTransform: 'uppercase' }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>查询</Button>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      {data && (
        <Card size="small" style={{ marginTop: 16 }} title={<span style={{ whiteSpace: 'normal' }}>工单 {data.number} · {data.statusLabel}</span>}>
          <Descriptions size="small" column={1} layout="vertical">
            <Descriptions.Item label="提交时间">{time(data.createdAt)}</Descriptions.Item>
            <Descriptions.Item label="类型">{data.type}</Descriptions.Item>
            <Descriptions.Item label="诉求"><span style={{ overflowWrap: 'anywhere' }}>{data.content}</span></Descriptions.Item>
            {data.result && <Descriptions.Item label="办理结果"><span style={{ overflowWrap: 'anywhere' }}>{data.result}</span></Descriptions.Item>}
          </Descriptions>
          <Steps orientation="vertical" size="small" current={data.progress.length - 1} items={data.progress.map((p) => ({ title: p.step, description: time(p.at) }))} />
          {data.canRate && keys && (
            <Form
              layout="vertical"
              onFinish={async (v) => {
                try {
                  const r = await api.post<{ message: string }>(`/api/public/tickets/${keys.number}/rate`, { code: keys.code, ...v, comment: v.comment?.trim() || undefined });
                  message.success(r.message);
                  await look(keys.number, keys.code);
                } catch (e) {
                  setError(e instanceof ApiError ? e.message : '评价失败');
                }
              }}
            >
              <Typography.Title level={5}>请对办理结果评价</Typography.Title>
              <Form.Item name="satisfaction" label="满意度" rules={[{ required: true, message: '请选择满意度' }]}>
                <Radio.Group optionType="button" options={[{ value: 'satisfied', label: '满意' }, { value: 'basic', label: '基本满意' }, { value: 'dissatisfied', label: '不满意' }]} />
              </Form.Item>
              <Form.Item name="resolution" label="问题是否解决" rules={[{ required: true, message: '请选择解决情况' }]}>
                <Select options={[{ value: 'resolved', label: '已解决' }, { value: 'partly', label: '部分解决' }, { value: 'unresolved', label: '未解决' }]} />
              </Form.Item>
              <Form.Item name="comment" label="意见（可选）">
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
              <Button type="primary" htmlType="submit" block>提交评价</Button>
            </Form>
          )}
        </Card>
      )}
    </div>
  );
}
