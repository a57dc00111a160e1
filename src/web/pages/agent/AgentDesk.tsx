import { Alert, App, Button, Card, Cascader, Checkbox, Col, Form, Input, Radio, Row, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { addressOptions, UnitPicker, useUnits } from '../../components/UnitPicker.tsx';
import { TYPE_OPTIONS, URGENCY_OPTIONS, type Ticket } from '../../types.ts';
import { CallerHistory } from './CallerHistory.tsx';
import { DispatchSuggestions } from './DispatchSuggestions.tsx';
import { KnowledgePanel } from './KnowledgePanel.tsx';
import { OutcomeModal, type Outcome } from './OutcomeModal.tsx';
import { RepeatsPanel } from './RepeatsPanel.tsx';

interface Category {
  value: string;
  label: string;
  children?: Category[];
}

interface FormValues {
  phone?: string;
  name?: string;
  type: string;
  urgency: string;
  category?: string[];
  area?: string[];
  address?: string;
  content: string;
  anonymous?: boolean;
  confidential?: boolean;
  complex?: boolean;
  units?: string[];
}

const SHORTCUTS: Array<[string, Outcome | 'register']> = [
  ['1', 'register'],
  ['2', 'answer'],
  ['3', 'reject'],
  ['4', 'refer'],
];

/**
 * 坐席工作台: one screen for a call — who is calling and what they asked before, the request, the
 * knowledge that answers it, and the outcome. Built for touch typists: Tab moves through the form
 * in reading order, Enter registers, Alt+1…4 pick the outcome.
 */
export function AgentDesk() {
  const [form] = Form.useForm<FormValues>();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const units = useUnits();
  const [categories, setCategories] = useState<Category[]>([]);
  const [phone, setPhone] = useState('');
  const [content, setContent] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [suggested, setSuggested] = useState<{ answer: string; entryId: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const area = Form.useWatch('area', form);
  const street = Form.useWatch('address', form);
  const category = Form.useWatch('category', form);
  const chosenUnits = Form.useWatch('units', form);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.get<Category[]>('/api/categories').then(setCategories).catch(showError);
  }, []);

  const payload = (v: FormValues) => ({
    channel: 'phone',
    caller: { ...(v.name ? { name: v.name } : {}), ...(v.phone ? { phone: v.phone } : {}) },
    type: v.type,
    urgency: v.urgency,
    content: v.content,
    ...(v.category?.length ? { category: v.category.at(-1) } : {}),
    ...(v.area?.length || v.address ? { address: [...(v.area ?? []), v.address ?? ''].join('') } : {}),
    anonymous: !!v.anonymous,
    confidential: !!v.confidential,
    complex: !!v.complex,
  });

  const register = useCallback(
    async (then?: (t: Ticket) => Promise<Ticket>) => {
      setError(null);
      let values: FormValues;
      try {
        values = await form.validateFields();
      } catch {
        return;
      }
      setBusy(true);
      try {
        let ticket = await api.post<Ticket>('/api/tickets', payload(values));
        if (then) ticket = await then(ticket);
        else if (values.units?.length) {
          ticket = await api.act<Ticket>(ticket.id, 'dispatch', { units: values.units.map((unitId, i) => ({ unitId, role: i === 0 ? 'lead' : 'assist' })) });
        }
        message.success(`工单 ${ticket.number} 已${ticket.statusLabel}`);
        form.resetFields();
        setContent('');
        setPhone('');
        setSuggested(null);
        setOutcome(null);
        navigate(`/tickets/${ticket.id}`);
      } catch (e) {
        setError(e instanceof ApiError ? e.message : '登记失败');
      } finally {
        setBusy(false);
      }
    },
    [form, message, navigate],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey) return;
      const hit = SHORTCUTS.find(([k]) => k === e.key);
      if (!hit) return;
      e.preventDefault();
      if (hit[1] === 'register') void register();
      else setOutcome(hit[1]);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [register]);

  return (
    <Row gutter={16}>
      <Col xs={24} lg={16}>
        <Card title="来电登记" size="small">
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} closable onClose={() => setError(null)} />}
          <Form form={form} layout="vertical" initialValues={{ type: 'help', urgency: 'normal' }} onFinish={() => register()} requiredMark>
            <Row gutter={12}>
              <Col span={8}>
                <Form.Item name="phone" label="来电号码" rules={[{ pattern: /^[0-9+\-\s]{5,20}$/, message: '电话号码格式不正确' }]}>
                  <Input autoFocus placeholder="来电号码" onBlur={(e) => setPhone(e.target.value.trim())} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item name="name" label="来电人">
                  <Input placeholder="姓名或称呼" maxLength={50} />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item name="type" label="诉求类型" rules={[{ required: true, message: '请选择诉求类型' }]}>
                  <Radio.Group options={TYPE_OPTIONS} optionType="button" size="small" />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={12}>
              <Col span={8}>
                <Form.Item name="urgency" label="紧急程度">
                  <Select options={URGENCY_OPTIONS} />
                </Form.Item>
              </Col>
              <Col span={16}>
                <Form.Item name="category" label="诉求分类">
                  <Cascader options={categories} placeholder="一级 / 二级分类" showSearch changeOnSelect />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={12}>
              <Col span={10}>
                <Form.Item name="area" label="区县 / 街镇">
                  <Cascader options={addressOptions(units)} placeholder="选择区县、街镇" showSearch changeOnSelect />
                </Form.Item>
              </Col>
              <Col span={14}>
                <Form.Item name="address" label="详细地址">
                  <Input placeholder="路名、门牌、小区" maxLength={300} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="content" label="诉求内容" rules={[{ required: true, whitespace: true, message: '请填写诉求内容' }, { max: 10000, message: '诉求内容不能超过 10000 字' }]}>
              <Input.TextArea rows={4} showCount maxLength={10000} placeholder="记录来电人反映的问题、时间、地点、诉求" onChange={(e) => setContent(e.target.value)} />
            </Form.Item>
            <Row gutter={12} align="middle">
              <Col span={12}>
                <Form.Item name="units" label="派往单位（可选，首个为主办）">
                  <UnitPicker />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Space wrap>
                  <Form.Item name="anonymous" valuePropName="checked" noStyle>
                    <Checkbox>匿名</Checkbox>
                  </Form.Item>
                  <Form.Item name="confidential" valuePropName="checked" noStyle>
                    <Checkbox>要求保密</Checkbox>
                  </Form.Item>
                  <Form.Item name="complex" valuePropName="checked" noStyle>
                    <Checkbox>情况复杂</Checkbox>
                  </Form.Item>
                </Space>
              </Col>
            </Row>
            <Space wrap>
              <Button type="primary" htmlType="submit" loading={busy}>
                登记{form.getFieldValue('units')?.length ? '并派单' : ''}（Enter / Alt+1）
              </Button>
              <Button onClick={() => setOutcome('answer')}>直接答复（Alt+2）</Button>
              <Button onClick={() => setOutcome('reject')}>不予受理（Alt+3）</Button>
              <Button danger onClick={() => setOutcome('refer')}>转紧急热线（Alt+4）</Button>
            </Space>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <RepeatsPanel
            content={content}
            phone={phone}
            address={[...(area ?? []), street ?? ''].join('')}
            busy={busy}
            choices={[
              { label: '登记为重复件', onChoose: (c) => void register((t) => api.act<Ticket>(t.id, 'link-repeat', { originalId: c.ticketId })) },
              { label: '登记并合并', danger: true, onChoose: (c) => void register((t) => api.act<Ticket>(t.id, 'merge', { originalId: c.ticketId })) },
            ]}
          />
          <CallerHistory phone={phone} />
          <DispatchSuggestions
            content={content}
            address={[...(area ?? []), street ?? ''].join('')}
            category={category?.at(-1)}
            onPick={(s) => form.setFieldValue('units', [s.unitId, ...(chosenUnits ?? []).filter((u) => u !== s.unitId)])}
          />
          <KnowledgePanel
            text={content}
            onUse={(answer, entryId) => {
              setSuggested({ answer, entryId });
              setOutcome('answer');
            }}
          />
          <Card size="small" title="提示">
            <Typography.Text type="secondary">
              涉及生命财产安全的报警求助，请转 <Tag>110</Tag>
              <Tag>119</Tag>
              <Tag>120</Tag>
              <Tag>122</Tag>（重庆市办法第十条）。
            </Typography.Text>
          </Card>
        </Space>
      </Col>
      <OutcomeModal
        outcome={outcome}
        suggested={suggested}
        busy={busy}
        onCancel={() => setOutcome(null)}
        onSubmit={(action, body) => register((t) => api.act<Ticket>(t.id, action, body))}
      />
    </Row>
  );
}
