import { App, Button, Card, Input, Radio, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import type { UnitRoster } from './types.ts';

type Mode = 'office' | 'aroundTheClock' | 'own';

/**
 * A unit's hours: the deployment's office hours, 24小时 (its working-hour clocks run day and night:
 * 邵阳 第二十条 24小时响应制度), or its own windows. Set by the system administrator
 * (PUT /api/admin/units/:id/hours); everyone else reads them.
 */
export function UnitHoursCard({ roster, onSaved }: { roster: UnitRoster; onSaved: () => void }) {
  const { message } = App.useApp();
  const u = roster.unit;
  const [mode, setMode] = useState<Mode>(u.hours.mode);
  const [windows, setWindows] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setMode(u.hours.mode);
    const main = u.hours.config?.schedules.find((s) => !s.from) ?? u.hours.config?.schedules[0];
    setWindows(main ? main.windows.join('，') : '08:30-12:00，14:00-17:30');
  }, [u.unitId, u.hours.mode, u.hours.config]);
  const save = async () => {
    setBusy(true);
    try {
      const list = windows.split(/[，,、\s]+/).filter(Boolean);
      const body = mode === 'own' ? { mode, hours: { schedules: [{ name: '本单位', windows: list }] } } : { mode };
      await api.put(`/api/admin/units/${u.unitId}/hours`, body);
      void message.success(`「${u.unitName}」的作息已保存，此后派给它的工单按新作息计时`);
      onSaved();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const stateTag = <Tag color={u.aroundTheClock ? 'green' : u.open ? 'blue' : 'default'}>{u.stateLabel}</Tag>;
  return (
    <Card size="small" title="单位作息" extra={stateTag}>
      {roster.mayEditHours ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Radio.Group
            aria-label="单位作息"
            value={mode}
            onChange={(e) => setMode(e.target.value as Mode)}
            options={[
              { value: 'office', label: '按系统办公时段' },
              { value: 'aroundTheClock', label: '24 小时' },
              { value: 'own', label: '本单位办公时段' },
            ]}
          />
          {mode === 'own' && (
            <Input aria-label="本单位办公时段" value={windows} onChange={(e) => setWindows(e.target.value)} placeholder="08:30-12:00，14:30-18:00" style={{ maxWidth: 360 }} />
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            按“工作小时”计的时限在单位作息内计时，24 小时单位昼夜计时；按工作日计的时限不受影响。
          </Typography.Text>
          <Button type="primary" loading={busy} onClick={() => void save()}>
            保存作息
          </Button>
        </Space>
      ) : (
        <Typography.Text>
          {u.hours.label}
          {u.kind === 'center' && <Typography.Text type="secondary">（热线中心按系统办公时段，在系统管理中设置）</Typography.Text>}
        </Typography.Text>
      )}
    </Card>
  );
}
