import { Descriptions, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { showError } from '../../components/feedback.ts';

interface Basis { file: string; article: string; quote?: string }
interface Rule { amount: number; unit: string; from: string; note?: string; basis: Basis; variants?: Record<string, Rule> }
interface Policy {
  id: string;
  name: string;
  document: { title: string; number: string; file: string };
  clocks: Record<string, Rule | { byType: Record<string, Rule> } | { byUrgency: Record<string, Rule> }>;
}

const CLOCK: Record<string, string> = { dispatch: '派单', transfer: '流转', sign: '签收', return: '退单', handle: '办理', firstResponse: '初步响应', progress: '进度反馈', redo: '重办', supervision: '督办办理', answer: '回复' };
const SUB: Record<string, string> = { consultation: '咨询', help: '求助', complaint: '投诉', report: '举报', suggestion: '建议', praise: '表扬', special: '特殊事项', emergency: '特殊紧急事项', complex: '情况复杂', onsite: '需现场核实', other: '其他方式' };
const UNIT: Record<string, string> = { workingDays: '个工作日', workingHours: '个工作小时', hours: '小时' };
const FROM: Record<string, string> = { registered: '受理后', dispatched: '交办后', signed: '签收后', redoIssued: '发回重办后', supervised: '督办后' };

/** The active preset, readable: every clock with its rule and the article it comes from. */
export function PolicyView() {
  const [p, setP] = useState<Policy | null>(null);
  useEffect(() => void api.get<Policy>('/api/policy').then(setP).catch(showError), []);
  if (!p) return null;
  const rows: Array<{ key: string; clock: string; rule: string; basis: Basis }> = [];
  const add = (clock: string, r: Rule) => {
    rows.push({ key: `${clock}${rows.length}`, clock, rule: `${FROM[r.from] ?? r.from}${r.amount === 0 && r.unit === 'workingDays' ? '当日' : `${r.amount} ${UNIT[r.unit]}内`}${r.note ? `（${r.note}）` : ''}`, basis: r.basis });
    for (const [v, vr] of Object.entries(r.variants ?? {})) add(`${clock} · ${SUB[v] ?? v}`, vr);
  };
  for (const [name, spec] of Object.entries(p.clocks)) {
    if ('byType' in spec) for (const [t, r] of Object.entries(spec.byType)) add(`${CLOCK[name]} · ${SUB[t]}`, r);
    else if ('byUrgency' in spec) for (const [u, r] of Object.entries(spec.byUrgency)) add(`${CLOCK[name]} · ${SUB[u]}`, r);
    else add(CLOCK[name] ?? name, spec);
  }
  return (
    <>
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="当前预设">{p.name}</Descriptions.Item>
        <Descriptions.Item label="依据文件">{p.document.title}（{p.document.number}）</Descriptions.Item>
      </Descriptions>
      <Table size="small" pagination={false} dataSource={rows} columns={[
        { title: '时限', dataIndex: 'clock', width: 160 },
        { title: '规则', dataIndex: 'rule', width: 260 },
        { title: '依据', dataIndex: 'basis', render: (b: Basis) => <><Typography.Text strong>{b.article}</Typography.Text> <Typography.Text type="secondary">{b.quote}</Typography.Text></> },
      ]} />
    </>
  );
}
