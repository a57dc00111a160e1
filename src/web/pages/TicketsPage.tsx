import { DownloadOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { App, Button, Card, Cascader, Col, DatePicker, Form, Input, Row, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { download } from '../download.ts';
import { CHANNEL_LABELS, SATISFACTION_LABELS } from '../../core/ticket/labels.ts';
import { TICKET_STATUSES, TICKET_STATUS_LABELS } from '../../core/ticket/machine.ts';
import { TICKET_FLAGS, TICKET_FLAG_LABELS } from '../../core/flags/ticket-flags.ts';
import { api, query } from '../api.ts';
import { showError } from '../components/feedback.ts';
import { TicketTable } from '../components/TicketTable.tsx';
import { UnitPicker } from '../components/UnitPicker.tsx';
import { useSession } from '../session.tsx';
import { TYPE_OPTIONS } from '../types.ts';

interface Category {
  value: string;
  label: string;
  children?: Category[];
}

interface Filters {
  number?: string;
  phone?: string;
  q?: string;
  dates?: [Dayjs, Dayjs] | null;
  status?: string[];
  type?: string[];
  channel?: string[];
  category?: string[];
  unit?: string[];
  overdue?: string;
  satisfaction?: string[];
  flag?: string[];
}

const STATUS_OPTIONS = TICKET_STATUSES.map((s) => ({ value: s, label: TICKET_STATUS_LABELS[s] }));
const CHANNEL_OPTIONS = Object.entries(CHANNEL_LABELS).map(([value, label]) => ({ value, label }));
const SATISFACTION_OPTIONS = Object.entries(SATISFACTION_LABELS).map(([value, label]) => ({ value, label }));
const FLAG_OPTIONS = TICKET_FLAGS.map((f) => ({ value: f, label: TICKET_FLAG_LABELS[f] }));
const LIST_KEYS = ['status', 'type', 'channel', 'satisfaction', 'flag'] as const;

/** The form's values as the list API's query (the same one the export takes). */
function toQuery(v: Filters): Record<string, string> {
  const out: Record<string, string | undefined> = {
    number: v.number?.trim() || undefined,
    phone: v.phone?.trim() || undefined,
    q: v.q?.trim() || undefined,
    from: v.dates?.[0]?.format('YYYY-MM-DD'),
    to: v.dates?.[1]?.format('YYYY-MM-DD'),
    category: v.category?.at(-1),
    unit: v.unit?.[0],
    overdue: v.overdue,
  };
  for (const k of LIST_KEYS) out[k] = v[k]?.length ? v[k].join(',') : undefined;
  return Object.fromEntries(Object.entries(out).filter((e): e is [string, string] => e[1] !== undefined));
}

/** The URL's query as the form's values: a search survives opening a ticket and coming back. */
function fromParams(p: URLSearchParams): Filters {
  const list = (k: string) => p.get(k)?.split(',').filter(Boolean);
  const from = p.get('from');
  const to = p.get('to');
  const category = p.get('category');
  return {
    ...(p.get('number') ? { number: p.get('number')! } : {}),
    ...(p.get('phone') ? { phone: p.get('phone')! } : {}),
    ...(p.get('q') ? { q: p.get('q')! } : {}),
    ...(from && to ? { dates: [dayjs(from), dayjs(to)] as [Dayjs, Dayjs] } : {}),
    ...(category ? { category: category.includes('/') ? [category.split('/')[0]!, category] : [category] } : {}),
    ...(p.get('unit') ? { unit: [p.get('unit')!] } : {}),
    ...(p.get('overdue') ? { overdue: p.get('overdue')! } : {}),
    ...Object.fromEntries(LIST_KEYS.flatMap((k) => (list(k)?.length ? [[k, list(k)]] : []))),
  };
}

/**
 * 工单查询: find tickets by number, caller (center only), words, dates, type, channel, state, unit,
 * category, overdue, satisfaction and flag (涉企诉求, 国办工单, 领导批示件, 代表委员件: any of those chosen); the server filters, sorts and pages; 导出 writes the same
 * list, masked the same way, to an xlsx file.
 */
export function TicketsPage() {
  const { me } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<Filters>();
  const [params, setParams] = useSearchParams();
  const [categories, setCategories] = useState<Category[]>([]);
  const [exporting, setExporting] = useState(false);
  const filter = useMemo(() => Object.fromEntries(params.entries()), [params]);

  useEffect(() => {
    api.get<Category[]>('/api/categories').then(setCategories).catch(showError);
  }, []);
  useEffect(() => {
    form.setFieldsValue(fromParams(params));
  }, [params, form]);

  const search = (v: Filters) => setParams(toQuery(v));
  const reset = () => {
    form.resetFields();
    setParams({});
  };

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await download(`/api/tickets/export.xlsx${query(filter)}`, '工单查询.xlsx');
      void message.success('已导出');
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };

  const item = { style: { marginBottom: 8 } };
  return (
    <Card
      title="工单查询"
      size="small"
      extra={
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()}>
          导出 Excel
        </Button>
      }
    >
      <Form form={form} layout="vertical" size="small" onFinish={search} aria-label="查询条件">
        <Row gutter={12}>
          <Col span={3}>
            <Form.Item {...item} name="number" label="工单编号" rules={[{ pattern: /^\d*$/, message: '工单编号只能是数字' }]}>
              <Input allowClear placeholder="编号或前几位" maxLength={20} />
            </Form.Item>
          </Col>
          {me?.isCenter && (
            <Col span={3}>
              <Form.Item {...item} name="phone" label="来电号码" rules={[{ pattern: /^[0-9+\-\s]{5,20}$/, message: '电话号码格式不正确' }]}>
                <Input allowClear placeholder="完整号码" maxLength={20} />
              </Form.Item>
            </Col>
          )}
          <Col span={me?.isCenter ? 5 : 8}>
            <Form.Item {...item} name="q" label="关键词">
              <Input allowClear placeholder="诉求内容、标题、地址中的词，如：路灯 不亮" maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item {...item} name="dates" label="登记日期">
              <DatePicker.RangePicker style={{ width: '100%' }} allowClear />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item {...item} name="status" label="状态">
              <Select mode="multiple" allowClear optionFilterProp="label" maxTagCount="responsive" placeholder="全部" options={STATUS_OPTIONS} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item {...item} name="flag" label="工单标记">
              <Select mode="multiple" allowClear optionFilterProp="label" maxTagCount="responsive" placeholder="全部" options={FLAG_OPTIONS} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12} align="bottom">
          <Col span={3}>
            <Form.Item {...item} name="type" label="类型">
              <Select mode="multiple" allowClear optionFilterProp="label" maxTagCount="responsive" placeholder="全部" options={TYPE_OPTIONS} />
            </Form.Item>
          </Col>
          <Col span={3}>
            <Form.Item {...item} name="channel" label="渠道">
              <Select mode="multiple" allowClear optionFilterProp="label" maxTagCount="responsive" placeholder="全部" options={CHANNEL_OPTIONS} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item {...item} name="category" label="分类">
              <Cascader options={categories} changeOnSelect allowClear showSearch placeholder="全部" />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item {...item} name="unit" label="承办单位（含下级）">
              <UnitPicker multiple={false} placeholder="全部" />
            </Form.Item>
          </Col>
          <Col span={2}>
            <Form.Item {...item} name="overdue" label="超期">
              <Select allowClear placeholder="全部" options={[{ value: 'true', label: '已超期' }, { value: 'false', label: '未超期' }]} />
            </Form.Item>
          </Col>
          <Col span={3}>
            <Form.Item {...item} name="satisfaction" label="满意度">
              <Select mode="multiple" allowClear optionFilterProp="label" maxTagCount="responsive" placeholder="全部" options={SATISFACTION_OPTIONS} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item {...item}>
              <Space>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                  查询
                </Button>
                <Button icon={<ReloadOutlined />} onClick={reset}>
                  重置
                </Button>
              </Space>
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <TicketTable filter={filter} search />
    </Card>
  );
}
