import { App, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import type { PresetSummary, UnitNode } from '../../types.ts';

/** What GET /api/policy/units answers: the default, the subtrees with a preset of their own, the presets to choose from. */
export interface PresetMap {
  default: PresetSummary & { units: number };
  subtrees: Array<{ unitId: string; unitName: string; unitPath: string; preset: PresetSummary; units: number }>;
  choices: PresetSummary[];
}

export function usePresetMap(version = 0): PresetMap | null {
  const [map, setMap] = useState<PresetMap | null>(null);
  useEffect(() => void api.get<PresetMap>('/api/policy/units').then(setMap).catch(showError), [version]);
  return map;
}

/** Where the preset that applies to a unit comes from, in words. */
export function presetSourceText(unit: UnitNode): string {
  const a = unit.presetApplies;
  if (!a) return '';
  if (a.source === 'own') return '本单位设定，下级单位沿用';
  if (a.source === 'inherited') return `沿用上级单位「${a.fromUnitName ?? ''}」的设定`;
  return '部署的默认预设';
}

/**
 * 时限预设 for one unit and the units below it (PUT /api/admin/units/:id/preset): as the unit above
 * it, or a regulation of its own — 大足区 under a 重庆 deployment follows dazu-2021. Clocks already
 * running keep the rules they started with; new ones follow the choice.
 */
export function PresetSetting({ unit, choices, onSaved }: { unit: UnitNode; choices: PresetSummary[]; onSaved: () => void }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const applies = unit.presetApplies;
  const change = async (v: string) => {
    setBusy(true);
    try {
      await api.put(`/api/admin/units/${unit.id}/preset`, { preset: v === '' ? null : v });
      message.success(v === '' ? `「${unit.name}」改为沿用上级单位的时限预设` : `「${unit.name}」及其下级单位今后按所选预设计时`);
      onSaved();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space orientation="vertical" size={2}>
      <Select
        aria-label="时限预设"
        style={{ width: 360 }}
        value={unit.preset ?? ''}
        loading={busy}
        onChange={(v) => void change(v)}
        options={[
          { value: '', label: '沿用上级单位（不单独设置）' },
          ...choices.map((c) => ({ value: c.id, label: `${c.name}` })),
        ]}
      />
      {applies && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="preset-applies">
          现行：{applies.title}（{applies.id}） <Tag color={applies.source === 'own' ? 'purple' : applies.source === 'inherited' ? 'blue' : 'default'}>{presetSourceText(unit)}</Tag>
          <br />
          已在计时的时限按开始时的预设；新派单、下派及新开始的时限按现行预设
        </Typography.Text>
      )}
    </Space>
  );
}
