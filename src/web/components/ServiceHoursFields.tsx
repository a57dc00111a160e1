import { Checkbox, Form, Input, Space, Switch } from 'antd';
import type { ServiceHours } from '../../core/telephony/service-hours.ts';

/** The form's fields of a line's or an expert's hours (core/telephony/service-hours.ts). */
export interface HoursValues {
  aroundTheClock: boolean;
  days?: number[];
  from?: string;
  to?: string;
}

const DAYS = ['一', '二', '三', '四', '五', '六', '日'].map((d, i) => ({ label: `周${d}`, value: i + 1 }));
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function toHours(v: HoursValues): ServiceHours {
  return v.aroundTheClock ? { aroundTheClock: true } : { days: v.days ?? [], from: v.from ?? '', to: v.to ?? '' };
}

export function fromHours(h: ServiceHours | undefined, fallback: HoursValues): HoursValues {
  if (!h) return fallback;
  return 'aroundTheClock' in h ? { aroundTheClock: true, days: [1, 2, 3, 4, 5], from: '09:00', to: '17:30' } : { aroundTheClock: false, days: h.days, from: h.from, to: h.to };
}

/** 7×24 小时, or the weekdays and the Beijing times between which the line or seat answers. */
export function ServiceHoursFields({ name = 'hours' }: { name?: string }) {
  const around = Form.useWatch([name, 'aroundTheClock']) as boolean | undefined;
  return (
    <>
      <Form.Item name={[name, 'aroundTheClock']} label="服务时间" valuePropName="checked" style={{ marginBottom: 8 }}>
        <Switch checkedChildren="7×24 小时" unCheckedChildren="按时段" />
      </Form.Item>
      {!around && (
        <>
          <Form.Item name={[name, 'days']} rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一天' }]} style={{ marginBottom: 8 }}>
            <Checkbox.Group options={DAYS} />
          </Form.Item>
          <Space.Compact>
            <Form.Item name={[name, 'from']} rules={[{ required: true, pattern: TIME, message: '开始时间应为 HH:MM' }]} noStyle>
              <Input aria-label="开始时间" placeholder="09:00" style={{ width: 100 }} maxLength={5} />
            </Form.Item>
            <Input disabled value="至" style={{ width: 44, textAlign: 'center' }} />
            <Form.Item name={[name, 'to']} rules={[{ required: true, pattern: TIME, message: '结束时间应为 HH:MM' }]} noStyle>
              <Input aria-label="结束时间" placeholder="17:30" style={{ width: 100 }} maxLength={5} />
            </Form.Item>
          </Space.Compact>
        </>
      )}
    </>
  );
}
