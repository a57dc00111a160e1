import { Alert, App, Button, Card, Col, Input, Radio, Row, Select, Space, Tag, Typography, Upload } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../../api.ts';
import { showError } from '../../components/feedback.ts';

interface Day {
  date: string;
  kind: 'workday' | 'weekend' | 'holiday' | 'makeup';
  name: string | null;
}
interface Year {
  year: number;
  status: 'official' | 'provisional';
  source: string;
  overrides: string[];
  workingDays: number;
  days: Day[];
}

const COLORS: Record<Day['kind'], string> = { workday: '#fff', weekend: '#f5f5f5', holiday: '#ffccc7', makeup: '#d9f7be' };
const WEEK = ['日', '一', '二', '三', '四', '五', '六'];

function Month({ days, month }: { days: Day[]; month: number }) {
  const first = new Date(`${days[0]!.date}T00:00:00Z`).getUTCDay();
  const cells = [...Array(first).fill(null), ...days];
  return (
    <Card size="small" title={`${month} 月`} styles={{ body: { padding: 8 } }}>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2, fontSize: 12, textAlign: 'center' }}>
        {WEEK.map((w) => <div key={w} style={{ color: '#999' }}>{w}</div>)}
        {cells.map((d, i) =>
          d ? (
            <div key={d.date} title={`${d.date} ${d.name ?? ''}`} aria-label={`${d.date} ${d.kind === 'holiday' ? '放假' : d.kind === 'makeup' ? '调休上班' : ''}${d.name ?? ''}`} style={{ background: COLORS[d.kind as Day['kind']], borderRadius: 3, padding: '2px 0' }}>
              {Number(d.date.slice(8))}
            </div>
          ) : (
            <div key={`pad${i}`} />
          ),
        )}
      </div>
    </Card>
  );
}

/** The calendar as a year grid, and loading the year's official arrangement. */
export function CalendarGrid() {
  const { message } = App.useApp();
  const [year, setYear] = useState(new Date().getFullYear());
  const [data, setData] = useState<Year | null>(null);
  const [format, setFormat] = useState<'json' | 'ics'>('json');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => void api.get<Year>(`/api/calendar/${year}`).then(setData).catch(showError), [year]);
  useEffect(load, [load]);
  const upload = async () => {
    setError(null);
    try {
      let body: Record<string, unknown>;
      if (format === 'json') {
        try {
          body = { format, content: JSON.parse(text) };
        } catch {
          setError('不是合法的 JSON');
          return;
        }
      } else body = { format, content: text, officialYears: [year] };
      const r = await api.post<{ name: string; days: number }>('/api/admin/calendar', body);
      message.success(`已载入“${r.name}”，共 ${r.days} 天`);
      setText('');
      load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '载入失败');
    }
  };
  const months = Array.from({ length: 12 }, (_, m) => (data?.days ?? []).filter((d) => Number(d.date.slice(5, 7)) === m + 1));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select value={year} onChange={setYear} style={{ width: 120 }} options={Array.from({ length: 8 }, (_, i) => ({ value: 2023 + i, label: `${2023 + i} 年` }))} />
        {data && (data.status === 'official' ? <Tag color="green">官方安排</Tag> : <Tag color="purple">暂定：官方安排尚未公布，按法定节日推算</Tag>)}
        {data && <Typography.Text type="secondary">工作日 {data.workingDays} 天 · 来源：{data.source}{data.overrides.length ? ` · 叠加：${data.overrides.join('、')}` : ''}</Typography.Text>}
      </Space>
      <Space>
        <Tag color="#ffccc7" style={{ color: '#000' }}>放假</Tag>
        <Tag color="#d9f7be" style={{ color: '#000' }}>调休上班</Tag>
        <Tag color="#f5f5f5" style={{ color: '#000' }}>周末</Tag>
      </Space>
      <Row gutter={[8, 8]}>
        {months.map((days, m) => days.length > 0 && <Col key={m} xs={12} md={8} xl={6}><Month days={days} month={m + 1} /></Col>)}
      </Row>
      <Card size="small" title="载入官方放假安排或本地调整">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Radio.Group value={format} onChange={(e) => setFormat(e.target.value)} options={[{ value: 'json', label: 'JSON' }, { value: 'ics', label: `ICS（作为 ${year} 年官方安排）` }]} />
          <Upload accept=".json,.ics" showUploadList={false} beforeUpload={(f) => (f.text().then((t) => { setText(t); setFormat(f.name.endsWith('.ics') ? 'ics' : 'json'); }), false)}>
            <Button>选择文件</Button>
          </Upload>
          <Input.TextArea rows={5} value={text} onChange={(e) => setText(e.target.value)} placeholder='{"name": "2027年部分节假日安排", "official": [2027], "days": [{"date": "2027-02-05", "to": "2027-02-12", "work": false, "name": "春节"}]}' />
          <Button type="primary" disabled={!text.trim()} onClick={upload}>载入</Button>
        </Space>
      </Card>
    </Space>
  );
}
