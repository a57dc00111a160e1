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
 * knowledge, repeats, the caller's history, dispatch suggestions, experts and lines to transfer to, and who
 * is on duty now. All stay
 * mounted and keep looking while the agent types; a tab's label carries how much it found. Alt+5
 * opens 值班.
 */
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
      if (e.altKey && e.key === '5') {
        e.preventDefault();
        setActive('duty');
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
  const label = (text: string, n: number, color?: string) => (
    <span>
      {text} {n > 0 && <Badge count={n} size="small" color={color ?? '#1677ff'} overflowCount={99} />}
    </span>
  );
  const pane = { style: { maxHeight: 'calc(100vh - 160px)', overflowY: 'auto' as const, paddingRight: 4 } };
  return (
    <Card size="small" styles={{ body: { paddingTop: 0 } }} style={{ position: 'sticky', top: 0 }}>
      <Tabs
        activeKey={active}
        onChange={setActive}
        size="small"
        items={[
          {
            key: 'kb',
            label: label('知识库', counts.kb),
            forceRender: true,
            children: (
              <div {...pane}>
                <KnowledgePanel text={props.content} onUse={props.onUseAnswer} onCount={onKb} />
              </div>
            ),
          },
          {
            key: 'repeats',
            label: label('重复件', counts.repeats, '#fa541c'),
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
            label: label('来电人历史', counts.history, '#faad14'),
            forceRender: true,
            children: (
              <div {...pane}>
                <CallerHistory phone={props.phone} onCount={onHistory} onLinkCall={props.callId ? props.onLinkCall : undefined} preloaded={props.history} />
              </div>
            ),
          },
          {
            key: 'dispatch',
            label: '派单建议',
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
            label: label('值班', duty?.today.filter((e) => e.current).length ?? 0, '#52c41a'),
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
            label: label('专家转接', counts.experts, '#52c41a'),
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
