import { Alert } from 'antd';
import { useEffect, useState } from 'react';
import { DEPUTY_NOTICE } from '../../../core/flags/deputies.ts';
import { api } from '../../api.ts';

export interface DeputyMatch {
  id: string;
  name: string | null;
  title: string;
  term: string | null;
}

interface Marks {
  misuse: { id: string; kindLabel: string; basis: string | null; reason: string; expiresAt: string | null; referred: boolean } | null;
  deputy: DeputyMatch | null;
}

/**
 * What the desk says about the number as soon as it is typed: a 恶意/骚扰来电 mark in force, reviewed by
 * a supervisor (重庆 第二十六条, 邵阳 第二十九条) — a warning, never a refusal: a genuine request is
 * registered as always — and a deputy of the register (邵阳 第十八条), whose request will carry the flag.
 */
export function CallerNotice({ phone, onDeputy }: { phone: string; onDeputy: (d: DeputyMatch | null) => void }) {
  const [marks, setMarks] = useState<Marks | null>(null);
  useEffect(() => {
    if (!/^[0-9+-]{5,20}$/.test(phone)) {
      setMarks(null);
      onDeputy(null);
      return;
    }
    let live = true;
    api
      .get<Marks>(`/api/caller-marks/${encodeURIComponent(phone)}`)
      .then((m) => {
        if (!live) return;
        setMarks(m);
        onDeputy(m.deputy);
      })
      .catch(() => live && setMarks(null));
    return () => {
      live = false;
    };
  }, [phone, onDeputy]);
  if (!marks?.misuse && !marks?.deputy) return null;
  const m = marks.misuse;
  const d = marks.deputy;
  return (
    <>
      {m && (
        <Alert
          type="warning"
          showIcon
          data-testid="misuse-warning"
          style={{ marginBottom: 8, padding: '6px 12px' }}
          title={`恶意、骚扰来电（${m.kindLabel}${m.expiresAt ? `，标记至 ${m.expiresAt.slice(0, 10)}` : ''}${m.referred ? '，已移送有关机关' : ''}）：请依法劝阻，合理诉求照常登记受理`}
          description={<span title={m.basis ? `依据：${m.basis}` : undefined}>标记理由：{m.reason}</span>}
        />
      )}
      {d && (
        <Alert
          type="info"
          showIcon
          data-testid="deputy-notice"
          style={{ marginBottom: 8, padding: '6px 12px' }}
          title={<span title={DEPUTY_NOTICE}>{`代表委员来电：${d.name ?? ''}（${d.title}${d.term ? `，${d.term}` : ''}），登记为代表委员件，列入代表委员诉求台账`}</span>}
        />
      )}
    </>
  );
}
