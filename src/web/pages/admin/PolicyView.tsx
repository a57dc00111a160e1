import { Descriptions, Radio, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, query } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { usePresetMap, type PresetMap } from './PresetSetting.tsx';

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

/**
 * 时限策略: which preset applies where — the deployment's default and each subtree that follows a
 * regulation of its own (大足区 under 重庆) — and, for the one chosen, every clock with its rule and
 * the article it comes from.
 */
export function PolicyView() {
  const map = usePresetMap();
  const [viewing, setViewing] = useState<string | undefined>(undefined);
  const [p, setP] = useState<Policy | null>(null);
  useEffect(() => void api.get<Policy>(`/api/policy${query({ preset: viewing })}`).then(setP).catch(showError), [viewing]);
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
  const inUse = map ? [map.default, ...map.subtrees.map((t) => t.preset).filter((x, i, all) => x.id !== map.default.id && all.findIndex((y) => y.id === x.id) === i)] : [];
  return (
    <>
      {map && <WhereApplies map={map} />}
      {inUse.length > 1 && <Typography.Text type="secondary">查看规则：</Typography.Text>}
      {inUse.length > 1 && (
        <Radio.Group
          aria-label="查看预设"
          style={{ marginBottom: 12, marginInlineStart: 8 }}
          value={viewing ?? map!.default.id}
          onChange={(e) => setViewing(e.target.value === map!.default.id ? undefined : e.target.value)}
          options={inUse.map((x) => ({ value: x.id, label: x.name.split('（')[0] }))}
          optionType="button"
        />
      )}
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={viewing ? '查看预设' : '默认预设'}>{p.name}</Descriptions.Item>
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

/** Which preset applies where: the default for every unit that names none, and each subtree's own. */
function WhereApplies({ map }: { map: PresetMap }) {
  const rows = [
    { key: 'default', where: '热线中心及其余各单位', preset: map.default, units: map.default.units, kind: '部署默认' },
    ...map.subtrees.map((t) => ({ key: t.unitId, where: t.unitPath, preset: t.preset, units: t.units, kind: '单位子树' })),
  ];
  return (
    <Table
      size="small"
      pagination={false}
      style={{ marginBottom: 12 }}
      title={() => <Typography.Text strong>各单位适用的时限预设（在“单位”页为某单位及其下级单位设置）</Typography.Text>}
      dataSource={rows}
      columns={[
        { title: '适用范围', dataIndex: 'where', render: (w: string, r) => <>{w} <Tag color={r.kind === '部署默认' ? 'default' : 'purple'}>{r.kind}</Tag></> },
        { title: '预设', dataIndex: 'preset', render: (x: PresetMap['default']) => `${x.title}（${x.id}）` },
        { title: '单位数', dataIndex: 'units', width: 80 },
      ]}
    />
  );
}
