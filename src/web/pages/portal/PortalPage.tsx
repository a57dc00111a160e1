import { Alert, App, Button, Card, Descriptions, Form, Input, Layout, Radio, Result, Select, Space, Steps, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError, query } from '../../api.ts';
import { TYPE_OPTIONS } from '../../types.ts';
import { PublicKnowledge } from './PublicKnowledge.tsx';

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

function Submit({ onDone }: { onDone: (number: string, code: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ number: string; queryCode: string } | null>(null);
  if (done) {
    return (
      <Result
        status="success"
        title="您的诉求已提交"
        subTitle={<>工单编号 <Typography.Text copyable strong>{done.number}</Typography.Text>，查询码 <Typography.Text copyable strong>{done.queryCode}</Typography.Text>。请妥善保存，凭编号和查询码查询办理进度。</>}
        extra={[<Button key="q" type="primary" onClick={() => onDone(done.number, done.queryCode)}>查询进度</Button>, <Button key="n" onClick={() => setDone(null)}>再提交一件</Button>]}
      />
    );
  }
  return (
    <Form layout="vertical" initialValues={{ type: 'help' }} style={{ maxWidth: 640 }} onFinish={async (v) => {
      setBusy(true);
      setError(null);
      try {
        setDone(await api.post('/api/public/tickets', { caller: { name: v.name, phone: v.phone }, type: v.type, content: v.content, address: v.address || undefined, anonymous: !!v.anonymous }));
      } catch (e) {
        setError(e instanceof ApiError ? e.message : '提交失败，请稍后重试');
      } finally {
        setBusy(false);
      }
    }}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Space wrap>
        <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}><Input maxLength={50} /></Form.Item>
        <Form.Item name="phone" label="手机号码" rules={[{ required: true, message: '请填写手机号码' }, { pattern: /^1\d{10}$/, message: '请填写 11 位手机号码' }]}><Input maxLength={11} /></Form.Item>
      </Space>
      <Form.Item name="type" label="诉求类型"><Radio.Group options={TYPE_OPTIONS} optionType="button" /></Form.Item>
      <Form.Item name="address" label="事发地址"><Input maxLength={300} placeholder="区县、街道、路名、小区" /></Form.Item>
      <Form.Item name="content" label="诉求内容" rules={[{ required: true, message: '请填写诉求内容' }, { min: 10, message: '请把诉求写具体一些（至少 10 字）' }]}>
        <Input.TextArea rows={5} maxLength={10000} showCount placeholder="请写明时间、地点、具体问题和您的诉求" />
      </Form.Item>
      <Form.Item name="anonymous" label="对承办单位保密我的个人信息"><Radio.Group options={[{ value: false, label: '不需要' }, { value: true, label: '需要' }]} /></Form.Item>
      <Typography.Paragraph type="secondary">涉及生命财产安全的紧急情况请直接拨打 110、119、120、122。</Typography.Paragraph>
      <Button type="primary" htmlType="submit" loading={busy}>提交</Button>
    </Form>
  );
}

function Track({ initial }: { initial: { number: string; code: string } | null }) {
  const { message } = App.useApp();
  const [data, setData] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [keys, setKeys] = useState(initial);
  const look = async (number: string, code: string) => {
    setError(null);
    try {
      setData(await api.get<Progress>(`/api/public/tickets/${number}${query({ code })}`));
      setKeys({ number, code });
    } catch (e) {
      setData(null);
      setError(e instanceof ApiError ? e.message : '查询失败');
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%', maxWidth: 720 }}>
      <Form layout="inline" initialValues={{ number: initial?.number, code: initial?.code }} onFinish={(v) => look(v.number.trim(), v.code.replace(/[\s-]/g, '').toUpperCase())}>
        <Form.Item name="number" label="工单编号" rules={[{ required: true, message: '请填写工单编号' }]}><Input /></Form.Item>
        <Form.Item name="code" label="查询码" rules={[{ required: true, message: '请填写查询码' }]}>
          {/* 10 letters and digits from the SMS (6 digits for older tickets); case and spaces do not matter */}
          <Input maxLength={16} placeholder="短信中的查询码" autoComplete="off" spellCheck={false} style={{ width: 170, textTransform: 'uppercase' }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">查询</Button>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
      {data && (
        <Card size="small" title={<>工单 {data.number} · {data.statusLabel}</>}>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label="提交时间">{data.createdAt.slice(0, 16).replace('T', ' ')}</Descriptions.Item>
            <Descriptions.Item label="类型">{data.type}</Descriptions.Item>
            <Descriptions.Item label="诉求">{data.content}</Descriptions.Item>
            {data.result && <Descriptions.Item label="办理结果">{data.result}</Descriptions.Item>}
          </Descriptions>
          <Steps orientation="vertical" size="small" current={data.progress.length - 1} items={data.progress.map((p) => ({ title: p.step, description: p.at.slice(0, 16).replace('T', ' ') }))} />
          {data.canRate && keys && (
            <Form layout="vertical" onFinish={async (v) => {
              try {
                const r = await api.post<{ message: string }>(`/api/public/tickets/${keys.number}/rate`, { code: keys.code, ...v });
                message.success(r.message);
                await look(keys.number, keys.code);
              } catch (e) {
                setError(e instanceof ApiError ? e.message : '评价失败');
              }
            }}>
              <Typography.Title level={5}>请对办理结果评价</Typography.Title>
              <Form.Item name="satisfaction" label="满意度" rules={[{ required: true, message: '请选择满意度' }]}><Radio.Group options={[{ value: 'satisfied', label: '满意' }, { value: 'basic', label: '基本满意' }, { value: 'dissatisfied', label: '不满意' }]} /></Form.Item>
              <Form.Item name="resolution" label="问题是否解决" rules={[{ required: true, message: '请选择解决情况' }]}><Select style={{ width: 200 }} options={[{ value: 'resolved', label: '已解决' }, { value: 'partly', label: '部分解决' }, { value: 'unresolved', label: '未解决' }]} /></Form.Item>
              <Form.Item name="comment" label="意见（可选）"><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
              <Button type="primary" htmlType="submit">提交评价</Button>
            </Form>
          )}
        </Card>
      )}
    </Space>
  );
}

/** 公众门户 (no login): submit, follow, rate; public knowledge. */
export function PortalPage() {
  const [tab, setTab] = useState('submit');
  const [keys, setKeys] = useState<{ number: string; code: string } | null>(null);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ color: '#fff', fontSize: 18, fontWeight: 600 }}>12345 政务服务便民热线 · 网上诉求</Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <Card>
          <Tabs activeKey={tab} onChange={setTab} items={[
            { key: 'submit', label: '提交诉求', children: <Submit onDone={(number, code) => (setKeys({ number, code }), setTab('track'))} /> },
            { key: 'track', label: '查询进度', children: <Track key={keys?.number ?? 'none'} initial={keys} /> },
            { key: 'kb', label: '政策问答', children: <PublicKnowledge /> },
          ]} />
        </Card>
      </Layout.Content>
    </Layout>
  );
}
