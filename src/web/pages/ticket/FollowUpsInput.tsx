import { PlusOutlined, DeleteOutlined } from '@ant-design/icons';
import { Button, DatePicker, Input, Space } from 'antd';
import type { Dayjs } from 'dayjs';

export interface FollowUpValue {
  due?: Dayjs;
  note?: string;
}

/** The follow-up dates of a 专题协调, each with what is to be followed up (up to 10, as the server takes). */
export function FollowUpsInput({ value, onChange }: { value?: FollowUpValue[]; onChange?: (v: FollowUpValue[]) => void }) {
  const rows = value ?? [];
  const set = (i: number, patch: FollowUpValue) => onChange?.(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {rows.map((r, i) => (
        <Space key={i} style={{ width: '100%' }}>
          <DatePicker aria-label={`跟进日期${i + 1}`} value={r.due ?? null} onChange={(d) => set(i, { due: d ?? undefined })} />
          <Input aria-label={`跟进事项${i + 1}`} placeholder="跟进事项" maxLength={500} value={r.note ?? ''} onChange={(e) => set(i, { note: e.target.value })} style={{ width: 220 }} />
          <Button aria-label="删除" icon={<DeleteOutlined />} onClick={() => onChange?.(rows.filter((_, j) => j !== i))} />
        </Space>
      ))}
      {rows.length < 10 && (
        <Button icon={<PlusOutlined />} onClick={() => onChange?.([...rows, {}])}>
          添加跟进日期
        </Button>
      )}
    </Space>
  );
}
