import { useMemo } from 'react';
import { changeText, pct, pointsText, type Count, type Report, type ReportUnit, type SampleTicket, type Totals } from '../../../core/reports/report.ts';
import { CHANNEL_LABELS } from '../../../core/ticket/labels.ts';
import { TICKET_TYPE_LABELS, type Channel, type TicketType } from '../../../core/vocabulary.ts';
import { Change } from '../../components/Change.tsx';
import { Chart, type ChartOption } from '../../components/Chart.tsx';
import '../../print.css';

const GROUPS: Record<string, string> = { department: '部门', district: '区县', street: '街道', community: '社区', enterprise: '企业' };
const typeName = (k: string) => TICKET_TYPE_LABELS[k as TicketType] ?? k;
const channelName = (k: string) => CHANNEL_LABELS[k as Channel] ?? k;

const bars = (rows: Count[], name: (k: string) => string): ChartOption => ({
  animation: false,
  grid: { left: 110, right: 40, top: 8, bottom: 20 },
  xAxis: { type: 'value', minInterval: 1 },
  yAxis: { type: 'category', inverse: true, data: rows.map((r) => name(r.key)), axisLabel: { width: 100, overflow: 'truncate' } },
  series: [{ type: 'bar', data: rows.map((r) => r.count), itemStyle: { color: '#1677ff' }, barMaxWidth: 16, label: { show: true, position: 'right' } }],
});

function TotalsTable({ t }: { t: Report['totals'] }) {
  const counts: Array<[keyof Totals, string]> = [
    ['received', '受理诉求'],
    ['closed', '办结'],
    ['shares', '交办主办件'],
    ['overdue', '超期'],
    ['dissatisfied', '不满意'],
  ];
  const rates: Array<[keyof Totals, string]> = [
    ['onTimeRate', '按时办结率'],
    ['responseRate', '响应率'],
    ['resolutionRate', '解决率'],
    ['satisfactionRate', '满意率'],
  ];
  return (
    <table className="plain" aria-label="主要指标">
      <thead>
        <tr>
          <th>指标</th>
          <th className="num">本期</th>
          <th className="num">上期</th>
          <th className="num">去年同期</th>
          <th className="num">环比</th>
          <th className="num">同比</th>
        </tr>
      </thead>
      <tbody>
        {counts.map(([k, label]) => (
          <tr key={k}>
            <td>{label}（件）</td>
            <td className="num">{t.current[k]}</td>
            <td className="num">{t.previous[k]}</td>
            <td className="num">{t.lastYear[k]}</td>
            <td className="num">{changeText(t.current[k] as number, t.previous[k] as number)}</td>
            <td className="num">{changeText(t.current[k] as number, t.lastYear[k] as number)}</td>
          </tr>
        ))}
        {rates.map(([k, label]) => (
          <tr key={k}>
            <td>{label}</td>
            <td className="num">{pct(t.current[k] as number | null)}</td>
            <td className="num">{pct(t.previous[k] as number | null)}</td>
            <td className="num">{pct(t.lastYear[k] as number | null)}</td>
            <td className="num">{pointsText(t.current[k] as number | null, t.previous[k] as number | null)}</td>
            <td className="num">{pointsText(t.current[k] as number | null, t.lastYear[k] as number | null)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function UnitTable({ rows, label }: { rows: ReportUnit[]; label: string }) {
  if (!rows.length) return <p>无。</p>;
  return (
    <table className="plain" aria-label={label}>
      <thead>
        <tr>
          <th>单位</th>
          <th>同类排名</th>
          <th className="num">受理</th>
          <th className="num">超期</th>
          <th className="num">按时办结率</th>
          <th className="num">满意率</th>
          <th className="num">得分</th>
          <th className="num">环比</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((u) => (
          <tr key={u.unit.id}>
            <td>{u.unit.name}</td>
            <td>{u.rank === null ? '—' : `${GROUPS[u.group] ?? u.group}第 ${u.rank}`}</td>
            <td className="num">{u.received}</td>
            <td className="num">{u.overdue}</td>
            <td className="num">{pct(u.onTimeRate)}</td>
            <td className="num">{pct(u.satisfactionRate)}</td>
            <td className="num">{u.score === null ? '—' : u.score.toFixed(1)}</td>
            <td className="num">
              <Change value={u.scoreChange} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Tickets({ rows, label, due }: { rows: SampleTicket[]; label: string; due?: boolean }) {
  if (!rows.length) return <p>无。</p>;
  return (
    <table className="plain" aria-label={label}>
      <thead>
        <tr>
          <th>工单编号</th>
          <th>分类</th>
          <th>诉求摘要</th>
          <th>主办单位</th>
          {due && <th>办理时限</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((x) => (
          <tr key={x.id}>
            <td>
              <a href={`/tickets/${x.id}`}>{x.number}</a>
            </td>
            <td>{x.category ?? '—'}</td>
            <td>{x.excerpt}</td>
            <td>{x.unitName}</td>
            {due && <td style={{ whiteSpace: 'nowrap' }}>{x.dueAt?.slice(0, 16).replace('T', ' ')}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A report as a document: the page shows it on a sheet of A4 width, and print.css prints exactly
 * the sheet (打印 / 另存为 PDF). Charts are drawn at that width, at twice the pixels, so what is on
 * screen is what is on paper.
 */
export function ReportDocument({ r }: { r: Report }) {
  const trend = useMemo<ChartOption>(
    () => ({
      animation: false,
      legend: { data: ['受理', '办结'], top: 0 },
      grid: { left: 40, right: 16, top: 28, bottom: 24 },
      xAxis: { type: 'category', data: r.trend.map((b) => (r.granularity === 'month' ? b.start.slice(0, 7) : b.start.slice(5))) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: '受理', type: 'line', data: r.trend.map((b) => b.received), itemStyle: { color: '#1677ff' } },
        { name: '办结', type: 'line', data: r.trend.map((b) => b.closed), itemStyle: { color: '#52c41a' } },
      ],
    }),
    [r],
  );
  const c = r.totals.current;
  return (
    <div className="paper" data-testid="report-document">
      <h1>{r.title}</h1>
      <div className="meta">
        统计期间 {r.period.from} 至 {r.period.to} · 环比 {r.previous.label} · 同比 {r.lastYear.label} · 生成于 {r.generatedAt.slice(0, 16).replace('T', ' ')}
      </div>
      <div className="section">
        <h2>一、总体情况</h2>
        {r.summary.map((s, i) => (
          <p key={i}>{s}</p>
        ))}
      </div>
      <div className="section">
        <h2>二、主要指标</h2>
        <TotalsTable t={r.totals} />
      </div>
      <div className="section">
        <h2>三、受理与办结趋势</h2>
        <Chart label="受理与办结趋势" option={trend} height={200} pixelRatio={2} />
      </div>
      <div className="section">
        <h2>四、诉求分布</h2>
        {c.received === 0 ? (
          <p>本期无受理。</p>
        ) : (
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }}>
            <div>
              <strong>按诉求类型</strong>
              <Chart label="按诉求类型" option={bars(r.byType, typeName)} height={Math.max(100, r.byType.length * 26)} pixelRatio={2} />
            </div>
            <div>
              <strong>按受理渠道</strong>
              <Chart label="按受理渠道" option={bars(r.byChannel, channelName)} height={Math.max(100, r.byChannel.length * 26)} pixelRatio={2} />
            </div>
            <div>
              <strong>按诉求分类</strong>
              <Chart label="按诉求分类" option={bars(r.byCategory, (k) => k || '未分类')} height={Math.max(100, r.byCategory.length * 26)} pixelRatio={2} />
            </div>
            <div>
              <strong>按区县（主办单位所在）</strong>
              <Chart label="按区县" option={bars(r.byDistrict, (k) => k || '未派单')} height={Math.max(100, r.byDistrict.length * 26)} pixelRatio={2} />
            </div>
          </div>
        )}
      </div>
      <div className="section">
        <h2>五、承办单位情况</h2>
        <p>共 {r.units.scored} 个单位有综合得分。综合得分居前：</p>
        <UnitTable rows={r.units.top} label="综合得分居前的单位" />
        <p style={{ marginTop: 8 }}>综合得分居后：</p>
        <UnitTable rows={r.units.bottom} label="综合得分居后的单位" />
        <p style={{ marginTop: 8 }}>超期件较多：</p>
        <UnitTable rows={r.units.mostOverdue} label="超期件较多的单位" />
        {r.units.all && (
          <>
            <p style={{ marginTop: 8 }}>各单位办理情况（按受理量）：</p>
            <UnitTable rows={r.units.all} label="各单位办理情况" />
          </>
        )}
      </div>
      <div className="section">
        <h2>六、热点诉求</h2>
        {r.hot.length ? (
          <table className="plain" aria-label="热点诉求">
            <thead>
              <tr>
                <th>分类</th>
                <th>街道（乡镇）</th>
                <th className="num">本期</th>
                <th className="num">上期</th>
                <th className="num">去年同期</th>
                <th>显著上升</th>
              </tr>
            </thead>
            <tbody>
              {r.hot.map((h, i) => (
                <tr key={i}>
                  <td>{h.category}</td>
                  <td>{h.place ?? '未识别'}</td>
                  <td className="num">{h.count}</td>
                  <td className="num">{h.previous}</td>
                  <td className="num">{h.lastYear}</td>
                  <td>{h.significant ? `是（p=${h.pPrevious}）` : '否'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>本期无较上期上升的热点诉求。</p>
        )}
      </div>
      <div className="section">
        <h2>七、超期工单</h2>
        <Tickets rows={r.overdue} label="超期工单" due />
      </div>
      <div className="section">
        <h2>八、不满意工单</h2>
        <Tickets rows={r.dissatisfied} label="不满意工单" />
      </div>
      <p style={{ marginTop: 16, fontSize: 12, color: '#8c8c8c', textIndent: 0 }}>依据：{r.basis}。工单仅列编号与摘要，来电人信息不在报告中。</p>
    </div>
  );
}
