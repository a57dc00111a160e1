import { Badge, Tabs, type TabsProps } from 'antd';
import { useMemo, useState } from 'react';
import { useListTotals } from '../list-totals.ts';
import { TicketTable } from './TicketTable.tsx';

export interface ListTab {
  key: string;
  label: string;
  filter: Record<string, string>;
  color?: string;
}

/**
 * Tabs of ticket lists with each list's count: only the tab shown holds its list (a change reaching
 * the page reloads one list, issue 16); the others' counts come in one request (useListTotals), the
 * shown tab's from its own list's answer, so the two never disagree on screen. `tabs` must keep its
 * identity; `more` are tabs of other kinds after them.
 */
export function ListTabs({ tabs, more = [] }: { tabs: readonly ListTab[]; more?: NonNullable<TabsProps['items']> }) {
  const filters = useMemo(() => tabs.map((t) => t.filter), [tabs]);
  const totals = useListTotals(filters);
  const [active, setActive] = useState(tabs[0]!.key);
  const [shown, setShown] = useState<{ key: string; n: number } | null>(null);
  return (
    <Tabs
      destroyOnHidden
      activeKey={active}
      onChange={(k) => (setActive(k), setShown(null))}
      items={[
        ...tabs.map((t, i) => ({
          key: t.key,
          label: (
            <span>
              {t.label} <Badge count={(shown?.key === t.key ? shown.n : totals[i]) ?? 0} showZero overflowCount={999} color={t.color} />
            </span>
          ),
          children: <TicketTable filter={t.filter} onCount={(n) => setShown((s) => (s?.key === t.key && s.n === n ? s : { key: t.key, n }))} />,
        })),
        ...more,
      ]}
    />
  );
}
