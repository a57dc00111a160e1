import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Form, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { refreshInboxCounts } from '../../inbox.ts';
import { useSession } from '../../session.tsx';
import { BulletinNotice } from './BulletinNotice.tsx';
import { fmt, STATUS_COLORS, type Bulletin } from './types.ts';
import { validValues } from '../../components/forms.ts';

interface NewBulletin {
  month: Dayjs;
  praiseScore: number;
  criticizeScore: number;
  overdueLimit: number;
  minReceived: number;
}

/**
 * 通报: the monthly bulletins on the units' work (重庆 第二十四条 定期通报; 邵阳 第二十六条; 凉山
 * 第二十一条). Units see the published ones; the center's analysts and leaders also see drafts and
 * generate the month's draft from the scorecard here.
 */
export function BulletinsPage() {
  const { me } = useSession();
  const editor = me!.isCenter && me!.roles.some((r) => r === 'analyst' || r === 'leader');
  const [items, setItems] = useState<Bulletin[]>([]);
  const [loading, setLoading] = useState(true);
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<NewBulletin>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  useEffect(() => {
    api
      .get<{ items: Bulletin[] }>('/api/bulletins')
      .then((r) => setItems(r.items))
      .catch(showError)
      .finally(() => setLoading(false));
  }, []);

  const create = async () => {
    const v = await validValues(form);
    if (!v) return;
    setSaving(true);
    try {
      const b = await api.post<Bulletin>('/api/bulletins', {
        month: v.month.format('YYYY-MM'),
        thresholds: { praiseScore: v.praiseScore, criticizeScore: v.criticizeScore, overdueLimit: v.overdueLimit, minReceived: v.minReceived },
      });
      message.success('通报草稿已生成');
      refreshInboxCounts();
      navigate(`/bulletins/${b.id}`);
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <BulletinNotice />
      <Card
        size="small"
        title="通报"
        extra={
          editor && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              生成月度通报
            </Button>
          )
        }
      >
        <Table<Bulletin>
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={items}
          locale={{ emptyText: editor ? '还没有通报，点击“生成月度通报”按考核排名生成草稿' : '暂无已发布的通报' }}
          pagination={{ pageSize: 12, hideOnSinglePage: true }}
          onRow={(b) => ({ onClick: () => navigate(`/bulletins/${b.id}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: '月份', dataIndex: 'month', width: 90 },
            {
              title: '标题',
              dataIndex: 'title',
              render: (t: string, b) => (
                <Space>
                  <Typography.Link>{t}</Typography.Link>
                  {b.read === false && <Tag color="red">未读</Tag>}
                </Space>
              ),
            },
            { title: '状态', dataIndex: 'statusLabel', width: 90, render: (s: string, b) => <Tag color={STATUS_COLORS[b.status]}>{s}</Tag> },
            { title: '起草人', dataIndex: 'authorName', width: 140 },
            { title: '发布时间', dataIndex: 'publishedAt', width: 150, render: fmt },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          每月由分析员根据考核排名生成通报草稿，领导审核后发布到各承办单位；发布后不能再修改（重庆市办法 第二十四条；邵阳市办法 第二十六条、第二十七条；凉山州办法 第二十一条）。
        </Typography.Paragraph>
      </Card>
      <Modal title="生成月度通报" open={creating} onCancel={() => setCreating(false)} onOk={create} okText="生成草稿" confirmLoading={saving} destroyOnHidden>
        <Form<NewBulletin>
          form={form}
          layout="vertical"
          initialValues={{ month: dayjs().subtract(1, 'month'), praiseScore: 90, criticizeScore: 60, overdueLimit: 3, minReceived: 3 }}
        >
          <Form.Item name="month" label="通报月份" rules={[{ required: true, message: '请选择月份' }]}>
            <DatePicker picker="month" allowClear={false} style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'month')} />
          </Form.Item>
          <Space size={12} wrap>
            <Form.Item name="praiseScore" label="表扬：综合得分不低于" tooltip="且当月无超期件">
              <InputNumber min={0} max={100} suffix="分" />
            </Form.Item>
            <Form.Item name="criticizeScore" label="通报批评：综合得分低于">
              <InputNumber min={0} max={100} suffix="分" />
            </Form.Item>
            <Form.Item name="overdueLimit" label="或超期件达到">
              <InputNumber min={1} max={10000} suffix="件" />
            </Form.Item>
            <Form.Item name="minReceived" label="受理量不足时不表扬、不批评" tooltip="受理量少于此数的单位只列入排名">
              <InputNumber min={1} max={10000} suffix="件" />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </>
  );
}
