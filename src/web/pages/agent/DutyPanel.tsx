import { Empty, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { spanLabel, untilLabel, type DutyEntry, type DutyNow, type UnitDutyNow } from '../duty/types.ts';

const { Text } = Typography;

/**
 * Who is on duty now (GET /api/duty/now) for the units a request is about to go to, read again
 * every minute and whenever those units change: the desk's 值班 tab and the line under 派单建议.
 */
export function useDutyNow(unitIds: string[]): DutyNow | null {
  const [data, setData] = useState<DutyNow | null>(null);
  const key = unitIds.join(',');
  useEffect(() => {
    let live = true;
    const load = () =>
      void api
        .get<DutyNow>(`/api/duty/now${key ? `?units=${key}` : ''}`)
        .then((d) => live && setData(d))
        .catch(() => {});
    const first = setTimeout(load, 300);
    const every = setInterval(load, 60_000);
    return () => {
      live = false;
      clearTimeout(first);
      clearInterval(every);
    };
  }, [key]);
  return data;
}

/** One person: on duty now (until when), or today's leader at the hotline (when, where, whether now). */
function EntryLine({ e, at, today }: { e: DutyEntry; at: string; today?: boolean }) {
  const over = !e.current && e.endsAt < at;
  return (
    <div style={{ lineHeight: '22px' }}>
      <Tag color={e.kind === 'duty' ? 'blue' : 'purple'} style={{ marginInlineEnd: 4 }}>
        {e.kindLabel}
      </Tag>
      <Text strong>{e.name}</Text>
      {e.title && <Text type="secondary">（{e.title}）</Text>}{' '}
      {e.phone && (
        <Text copyable={e.phoneMasked ? false : { text: e.phone, tooltips: ['复制电话', '已复制'] }} code>
          {e.phone}
        </Text>
      )}{' '}
      <Text type="secondary" style={{ fontSize: 12 }}>
        {today ? `${spanLabel(e)} · ${e.unitName}` : untilLabel(e.endsAt, at)}
      </Text>
      {today && (e.current || over) && (
        <Tag color={e.current ? 'green' : 'default'} style={{ marginInlineStart: 4 }}>
          {e.current ? '进行中' : '已结束'}
        </Tag>
      )}
    </div>
  );
}

/** One unit: at work or not (its own hours, or 24小时), who is on duty, else its standing contacts. */
function UnitLine({ u, at }: { u: UnitDutyNow; at: string }) {
  return (
    <div data-testid="duty-unit" aria-label={`${u.unitName}：${u.stateLabel}`} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
      <Space size={6} wrap>
        <Text strong>{u.unitName}</Text>
        <Tag color={u.aroundTheClock ? 'green' : u.open ? 'blue' : 'default'} style={{ marginInlineEnd: 0 }}>
          {u.stateLabel}
        </Tag>
      </Space>
      {u.onDuty.map((e) => (
        <EntryLine key={e.id} e={e} at={at} />
      ))}
      {!u.onDuty.length &&
        (u.contacts.length ? (
          u.contacts.slice(0, 2).map((c) => (
            <div key={`${c.name}-${c.phone}`} style={{ lineHeight: '22px' }}>
              <Tag style={{ marginInlineEnd: 4 }}>联系人</Tag>
              {c.name}
              {c.title && <Text type="secondary">（{c.title}）</Text>} <Text code copyable={{ text: c.phone, tooltips: ['复制电话', '已复制'] }}>{c.phone}</Text>
            </div>
          ))
        ) : (
          <div>
            <Text type="secondary">{u.open ? '未登记值班人员' : '此刻无人值班，工单将在上班后处理'}</Text>
          </div>
        ))}
    </div>
  );
}

/**
 * 值班: for the units the request would go to, whether each is at work now and who is on duty (邵阳
 * 第二十条: 停水停电停气 and the like handled at once, at any hour); today's leaders and unit heads at
 * the hotline (邵阳 第八条, 大足 第八条); every 24-hour unit and every unit with someone on duty now.
 * `compact`: only the units asked for, under the dispatch suggestions.
 */
export function DutyPanel({ data, compact }: { data: DutyNow | null; compact?: boolean }) {
  if (!data) return compact ? null : <Text type="secondary">正在读取值班信息……</Text>;
  if (compact) {
    if (!data.asked.length) return null;
    return (
      <section aria-label="派往单位值班" style={{ marginTop: 8 }}>
        <Text type="secondary">派往单位此刻：</Text>
        {data.asked.map((u) => (
          <UnitLine key={u.unitId} u={u} at={data.at} />
        ))}
      </section>
    );
  }
  const asked = new Set(data.asked.map((u) => u.unitId));
  const others = data.units.filter((u) => !asked.has(u.unitId));
  return (
    <Space orientation="vertical" size={10} style={{ width: '100%' }}>
      <section aria-label="派往单位值班">
        <Typography.Title level={5} style={{ margin: 0 }}>
          派往单位
        </Typography.Title>
        {data.asked.length ? data.asked.map((u) => <UnitLine key={u.unitId} u={u} at={data.at} />) : <Text type="secondary">选择派往单位或出现派单建议后，这里显示该单位是否在办公、谁在值班</Text>}
      </section>
      <section aria-label="今日领导接听">
        <Typography.Title level={5} style={{ margin: 0 }}>
          今日领导接听与负责人轮值
        </Typography.Title>
        {data.today.length ? data.today.map((e) => <EntryLine key={e.id} e={e} at={data.at} today />) : <Text type="secondary">今日无安排</Text>}
      </section>
      <section aria-label="24小时单位与当前值班">
        <Typography.Title level={5} style={{ margin: 0 }}>
          24 小时单位与当前值班
        </Typography.Title>
        {others.length ? others.map((u) => <UnitLine key={u.unitId} u={u} at={data.at} />) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="此刻没有其他单位值班" />}
      </section>
      <Text type="secondary" style={{ fontSize: 12 }}>
        更新于 {data.at.slice(11, 16)}
      </Text>
    </Space>
  );
}
