import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Segmented, Select, Space, Spin, TreeSelect } from 'antd';
import { TICKET_FLAGS, TICKET_FLAG_LABELS } from '../../../core/flags/ticket-flags.ts';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { CATEGORIES } from '../../../core/categories.ts';
import { REPORT_KIND_LABELS, REPORT_KINDS, type Report, type ReportKind } from '../../../core/reports/report.ts';
import { api, ApiError, query } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { download } from '../../download.ts';
import { ReportDocument } from './ReportDocument.tsx';

const DAY = 'YYYY-MM-DD';
const lastMonth = () => dayjs().subtract(1, 'month');
const quarterOf = (d: Dayjs) => `${d.year()}-Q${Math.floor(d.month() / 3) + 1}`;

/** The report's period parameters from the address, with sensible defaults (last month, last quarter, last year, last 30 days). */
function paramsOf(kind: ReportKind, p: URLSearchParams): Record<string, string> {
  switch (kind) {
    case 'monthly':
      return { month: p.get('month') ?? lastMonth().format('YYYY-MM') };
    case 'quarterly':
      return { quarter: p.get('quarter') ?? quarterOf(dayjs().subtract(3, 'month')) };
    case 'annual':
      return { year: p.get('year') ?? String(dayjs().year() - 1) };
    case 'special': {
      const out: Record<string, string> = { from: p.get('from') ?? dayjs().subtract(29, 'day').format(DAY), to: p.get('to') ?? dayjs().format(DAY) };
      if (p.get('category')) out.category = p.get('category')!;
      if (p.get('unitId')) out.unitId = p.get('unitId')!;
      if (p.get('flag')) out.flag = p.get('flag')!;
      return out;
    }
  }
}

/**
 * 报告: 月报、季报、年报 and 专报 generated from the data (重庆 第二十条 简报、专报; 凉山 第十九条;
 * 邵阳 第二十一条), read on screen as a document, printed or saved as PDF from the browser
 * (print.css), or exported as a workbook.
 */
export function ReportsPage() {
  const [params, setParams] = useSearchParams();
  const kind = (REPORT_KINDS as readonly string[]).includes(params.get('kind') ?? '') ? (params.get('kind') as ReportKind) : 'monthly';
  const period = paramsOf(kind, params);
  const key = query(period);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [exporting, setExporting] = useState(false);
  const { message } = App.useApp();
  const set = (next: Record<string, string | undefined>) => {
    const merged: Record<string, string> = { kind };
    for (const [k, v] of Object.entries({ ...period, ...next })) if (v) merged[k] = v;
    setParams(merged);
  };
  const ready = kind !== 'special' || !!(period.category || period.unitId || period.flag);

  useEffect(() => {
    if (!ready) {
      setReport(null);
      setError(null);
      return;
    }
    setLoading(true);
    api
      .get<Report>(`/api/analytics/reports/${kind}${key}`)
      .then((r) => {
        setReport(r);
        setError(null);
      })
      .catch((e) => setError(e instanceof ApiError ? e.message : '报告加载失败'))
      .finally(() => setLoading(false));
  }, [kind, key, ready]);

  const picker =
    kind === 'monthly' ? (
      <DatePicker picker="month" aria-label="月份" allowClear={false} value={dayjs(`${period.month}-01`)} onChange={(d) => d && set({ month: d.format('YYYY-MM') })} />
    ) : kind === 'quarterly' ? (
      <DatePicker
        picker="quarter"
        aria-label="季度"
        allowClear={false}
        value={dayjs(`${period.quarter!.slice(0, 4)}-${String((Number(period.quarter!.slice(-1)) - 1) * 3 + 1).padStart(2, '0')}-01`)}
        onChange={(d) => d && set({ quarter: quarterOf(d) })}
      />
    ) : kind === 'annual' ? (
      <DatePicker picker="year" aria-label="年份" allowClear={false} value={dayjs(`${period.year}-01-01`)} onChange={(d) => d && set({ year: String(d.year()) })} />
    ) : (
      <>
        <DatePicker.RangePicker aria-label="统计期间" allowClear={false} value={[dayjs(period.from), dayjs(period.to)]} onChange={(v) => v?.[0] && v[1] && set({ from: v[0].format(DAY), to: v[1].format(DAY) })} />
        <TreeSelect
          aria-label="诉求分类"
          style={{ width: 200 }}
          allowClear
          showSearch
          placeholder="诉求分类"
          treeData={CATEGORIES}
          value={period.category}
          onChange={(v) => set({ category: v ?? undefined })}
        />
        <div style={{ width: 220 }}>
          <UnitPicker multiple={false} placeholder="区县或街道" value={period.unitId ? [period.unitId] : []} onChange={(v) => set({ unitId: v[0] })} allow={(n) => n.kind === 'district' || n.kind === 'street'} />
        </div>
        {/* 涉企诉求专报 and the other flags' (四川 方案 六（二）; 邵阳 第二十七条) */}
        <Select
          aria-label="工单标记"
          style={{ width: 150 }}
          allowClear
          placeholder="工单标记"
          value={period.flag}
          onChange={(v) => set({ flag: v ?? undefined })}
          options={TICKET_FLAGS.map((f) => ({ value: f, label: TICKET_FLAG_LABELS[f] }))}
        />
      </>
    );

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        size="small"
        title="报告"
        className="no-print"
        extra={
          <Space>
            <Button
              icon={<DownloadOutlined />}
              disabled={!report}
              loading={exporting}
              onClick={() => {
                setExporting(true);
                download(`/api/analytics/reports/${kind}/xlsx${key}`, `${REPORT_KIND_LABELS[kind]}.xlsx`)
                  .then(() => message.success('已导出'))
                  .catch(showError)
                  .finally(() => setExporting(false));
              }}
            >
              导出 Excel
            </Button>
            <Button type="primary" icon={<PrinterOutlined />} disabled={!report} onClick={() => window.print()}>
              打印 / 另存为PDF
            </Button>
          </Space>
        }
      >
        <Space wrap>
          <Segmented aria-label="报告种类" value={kind} onChange={(v) => setParams({ kind: String(v) })} options={REPORT_KINDS.map((k) => ({ value: k, label: REPORT_KIND_LABELS[k] }))} />
          {picker}
        </Space>
        {kind === 'special' && !ready && <Alert style={{ marginTop: 12 }} type="info" showIcon title="专报：请选择诉求分类、区县或街道，或工单标记（如涉企诉求；可同时选择）" />}
        {error && <Alert style={{ marginTop: 12 }} type="error" showIcon title={error} />}
      </Card>
      <Spin spinning={loading}>{report ? <ReportDocument r={report} /> : <div style={{ minHeight: 200 }} />}</Spin>
    </Space>
  );
}
