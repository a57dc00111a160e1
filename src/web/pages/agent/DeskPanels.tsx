import { Badge, Card, Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import type { Suggestions, Ticket, UnitSuggestion } from '../../types.ts';
import { CallerHistory, type Lookup } from './CallerHistory.tsx';
import { DispatchSuggestions } from './DispatchSuggestions.tsx';
import { DutyPanel, useDutyNow } from './DutyPanel.tsx';
import { ExpertsPanel } from './ExpertsPanel.tsx';
import { KnowledgePanel } from './KnowledgePanel.tsx';
import { RepeatsPanel } from './RepeatsPanel.tsx';

/**
 * The desk's helpers beside the form, one tab each so none starts below the fold at 1366×768:
 * knowledge, repeats, the caller's history, dispatch suggestions, who is on duty now, and experts and
 * lines to transfer to. All stay mounted and keep looking while the agent types; a tab's label carries
 * how much it found. The six labels are short and close together so that all of them, counts included,
 * fit the 420 px column at 1366×768 (none hidden behind 「…」); each names itself in full on hover.
 * Alt+5 opens 值班 and Alt+6 专家 — the two an agent needs with a caller on the line.
 */
const TAB_KEYS: Record<string, string> = { '5': 'duty', '6': 'experts' };
export function DeskPanels(props: {
  content: string;
  phone: string;
  address: string;
  category: string | undefined;
  /** 特殊（紧急）事项 follow the preset's emergency routing. */
  urgency?: string | undefined;
  busy: boolean;
  register: (then?: (t: Ticket) => Promise<Ticket>) => Promise<void>;
  onPickUnit: (s: UnitSuggestion) => void;
  onSuggestions: (s: Suggestions | null) => void;
  onUseAnswer: (answer: string, entryId: string) => void;
  /** The units the request would go to: those chosen in the form, else the top suggestions. */
  dutyUnits: string[];
  /** The call on the line (screen pop): its arrival opens 来电人历史, whose tickets it can be linked to. */
  callId?: string | null;
  onLinkCall?: ((ticket: { id: string; number: string }) => void) | undefined;
  /** The caller's history that came with the screen pop. */
  history?: Lookup | null | undefined;
}) {
  const duty = useDutyNow(props.dutyUnits);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const key = e.altKey ? TAB_KEYS[e.key] : undefined;
      if (key) {
        e.preventDefault();
        setActive(key);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const [counts, setCounts] = useState({ kb: 0, repeats: 0, history: 0, experts: 0 });
  const [active, setActive] = useState('kb');
  // a call rang: who is calling and what they asked before comes first
  useEffect(() => {
    if (props.callId) setActive('history');
  }, [props.callId]);
  const count = (key: keyof typeof counts) => (n: number) => setCounts((c) => (c[key] === n ? c : { ...c, [key]: n }));
  const [onKb] = useState(() => count('kb'));
  const [onRepeats] = useState(() => count('repeats'));
  const [onHistory] = useState(() => count('history'));
  const [onExperts] = useState(() => count('experts'));
  const label = (text: string, full: string, n: number, color?: string) => (
    <span title={full}>
      {text}
      {n > 0 && <Badge count={n} size="small" color={color ?? '#1677ff'} overflowCount={99} style={{ marginInlineStart: 3 }} />}
    </span>
  );
  const pane = { style: { maxHeight: 'calc(100vh - 160px)', overflowY: 'auto' as const, paddingRight: 4 } };
  return (
    <Card size="small" styles={{ body: { paddingTop: 0 } }} style={{ position: 'sticky', top: 0 }}>
      <Tabs
        activeKey={active}
        onChange={setActive}
        size="small"
        tabBarGutter={14}
        items={[
          {
            key: 'kb',
            label: label('知识库', '知识库：按诉求内容推荐的答复口径', counts.kb),
            forceRender: true,
            children: (
              <div {...pane}>
                <KnowledgePanel text={props.content} onUse={props.onUseAnswer} onCount={onKb} />
              </div>
            ),
          },
          {
            key: 'repeats',
            label: label('重复件', '重复件：同一来电人、地点或内容的在办工单', counts.repeats, '#fa541c'),
            forceRender: true,
            children: (
              <div {...pane}>
                <RepeatsPanel
                  content={props.content}
                  phone={props.phone}
                  address={props.address}
                  busy={props.busy}
                  onCount={onRepeats}
                  choices={[
                    { label: '登记为重复件', onChoose: (c) => void props.register((t) => api.act<Ticket>(t.id, 'link-repeat', { originalId: c.ticketId })) },
                    {
                      label: '登记并合并',
                      danger: true,
                      onChoose: (c) => void props.register((t) => api.act<Ticket>(t.id, 'merge', { originalId: c.ticketId })),
                      // 合并 closes the new ticket at once: said before it is done, naming both
                      confirm: (c) => ({
                        title: `将本次来电合并到工单 ${c.number}？`,
                        content: `本次来电将登记为新工单并立即以“已合并”关闭，不再单独办理，由工单 ${c.number}（${c.statusLabel}）继续办理；来电人会收到 ${c.number} 的编号短信。`,
                        okText: '登记并合并',
                      }),
                    },
                  ]}
                />
              </div>
            ),
          },
          {
            key: 'history',
            label: label('历史', '来电人历史：该号码以往的工单', counts.history, '#faad14'),
            forceRender: true,
            children: (
              <div {...pane}>
                <CallerHistory phone={props.phone} onCount={onHistory} onLinkCall={props.callId ? props.onLinkCall : undefined} preloaded={props.history} />
              </div>
            ),
          },
          {
            key: 'dispatch',
            label: label('派单', '派单建议：按派单目录、职责和属地推荐的承办单位', 0),
            forceRender: true,
            children: (
              <div {...pane}>
                <DispatchSuggestions content={props.content} address={props.address} category={props.category} urgency={props.urgency} onPick={props.onPickUnit} onData={props.onSuggestions} />
                <DutyPanel data={duty} compact />
              </div>
            ),
          },
          {
            key: 'duty',
            // a leader at the hotline right now is worth a glance
            label: label('值班', '值班（Alt+5）：派往单位和热线中心当前的值班人员', duty?.today.filter((e) => e.current).length ?? 0, '#52c41a'),
            forceRender: true,
            children: (
              <div {...pane}>
                <DutyPanel data={duty} />
              </div>
            ),
          },
          {
            // experts for the matter and the lines to transfer to (三方通话、呼叫转接, 重庆 第十二条（一）)
            key: 'experts',
            label: label('专家', '专家转接（Alt+6）：按诉求匹配的专家座席和可转接的热线', counts.experts, '#52c41a'),
            forceRender: true,
            children: (
              <div {...pane}>
                <ExpertsPanel text={props.content} onCount={onExperts} />
              </div>
            ),
          },
        ]}
      />
    </Card>
  );
}
