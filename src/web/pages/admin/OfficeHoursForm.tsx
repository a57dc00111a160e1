import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { WorkingHoursConfig } from '../../../core/calendar/working-hours.ts';
import { api } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { validValues } from '../../components/forms.ts';

interface Hours {
  config: WorkingHoursConfig;
  source: 'admin' | 'file' | 'default';
  updatedAt: string | null;
}
interface Row {
  name?: string;
  from?: string;
  to?: string;
  windows: string;
}

const SOURCE = { admin: '管理员设置', file: '部署配置文件（OFFICE_HOURS_FILE）', default: '系统默认' } as const;
const toRows = (c: WorkingHoursConfig): Row[] => c.schedules.map((s) => ({ name: s.name, from: s.from, to: s.to, windows: s.windows.join('，') }));
const toConfig = (rows: Row[]): WorkingHoursConfig => ({
  schedules: rows.map((r) => ({
    ...(r.name?.trim() ? { name: r.name.trim() } : {}),
    ...(r.from?.trim() || r.to?.trim() ? { from: r.from?.trim() ?? '', to: r.to?.trim() ?? '' } : {}),
    windows: r.windows.split(/[，,、\s]+/).filter(Boolean),
  })),
});

/**
 * 办公时段: the hours working-hour clocks run in (凉山 第十二条（一）: 派单 within 3 working hours), with
 * seasonal timetables. The server checks them (overlaps, a default without season) and applies them to
 * the next tickets; running clocks keep their due dates.
 */
export function OfficeHoursForm() {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ schedules: Row[] }>();
  const [hours, setHours] = useState<Hours | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(
    () =>
      void api
        .get<Hours>('/api/office-hours')
        .then((h) => {
          setHours(h);
          form.setFieldsValue({ schedules: toRows(h.config) });
        })
        .catch(showError),
    [form],
  );
  useEffect(load, [load]);
  const save = async () => {
    const v = await validValues(form);
    if (!v) return;
    setBusy(true);
    try {
      await api.put('/api/admin/office-hours', toConfig(v.schedules));
      void message.success('办公时段已保存，新登记的工单按新时段计时');
      load();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert
        type="info"
        showIcon
        title="按“工作小时”计的时限（如凉山办法第十二条（一）：受理后 3 个工作小时内派单）只在办公时段内计时；按工作日计的时限不受影响。"
        description={hours && <>当前生效：<Tag>{SOURCE[hours.source]}</Tag>{hours.updatedAt && <Typography.Text type="secondary">更新于 {hours.updatedAt.slice(0, 16).replace('T', ' ')}</Typography.Text>}</>}
      />
      <Form form={form} layout="vertical">
        <Form.List name="schedules">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((f, i) => (
                <Card key={f.key} size="small" title={`作息 ${i + 1}`} extra={fields.length > 1 && <Button type="text" aria-label={`删除作息 ${i + 1}`} icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} />}>
                  <Space wrap align="start">
                    <Form.Item name={[f.name, 'name']} label="名称">
                      <Input placeholder="如：夏季" style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'from']} label="起（月-日）" rules={[{ pattern: /^\d{2}-\d{2}$/, message: '格式 MM-DD' }]}>
                      <Input placeholder="05-01" style={{ width: 100 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'to']} label="止（月-日）" rules={[{ pattern: /^\d{2}-\d{2}$/, message: '格式 MM-DD' }]}>
                      <Input placeholder="09-30" style={{ width: 100 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'windows']} label="办公时段" rules={[{ required: true, whitespace: true, message: '至少一个时段' }]} extra="多个时段用逗号分隔，如 08:30-12:00，14:30-18:00">
                      <Input style={{ width: 320 }} />
                    </Form.Item>
                  </Space>
                </Card>
              ))}
              <Typography.Text type="secondary">不填起止日期的作息为默认作息（须有一个）；填写起止日期的作息在该季节内优先。</Typography.Text>
              <Space>
                <Button icon={<PlusOutlined />} onClick={() => add({ windows: '' })}>
                  添加季节作息
                </Button>
                <Button type="primary" loading={busy} onClick={() => void save()}>
                  保存
                </Button>
              </Space>
            </Space>
          )}
        </Form.List>
      </Form>
    </Space>
  );
}
