import { App, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, query } from '../../api.ts';
import { showError } from '../../components/feedback.ts';
import type { UnitNode } from '../../types.ts';

interface UnitReviewRule {
  default: boolean;
  checklist?: Array<{ label: string }>;
  basis: { file: string; article: string };
}

/**
 * 本单位审核 for one unit: by the preset, on or off (PUT /api/admin/units/:id/reply-review). The
 * preset's rule and article are shown beside it, so the admin sees what the default rests on.
 */
export function ReplyReviewSetting({ unit, onSaved }: { unit: UnitNode; onSaved: () => void }) {
  const { message } = App.useApp();
  const [rule, setRule] = useState<UnitReviewRule | null>(null);
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  // the unit's own preset's rule (大足 第五条（二） for a unit under 大足区), not necessarily the default's
  const preset = unit.presetApplies?.id;
  useEffect(() => {
    api
      .get<{ unitReview?: UnitReviewRule; document: { title: string } }>(`/api/policy${query({ preset })}`)
      .then((p) => (setRule(p.unitReview ?? null), setTitle(p.document.title)))
      .catch(() => {});
  }, [preset]);
  const value = unit.replyReview === true ? 'on' : unit.replyReview === false ? 'off' : 'preset';
  const change = async (v: string) => {
    setBusy(true);
    try {
      await api.put(`/api/admin/units/${unit.id}/reply-review`, { required: v === 'on' ? true : v === 'off' ? false : null });
      message.success('答复审核设置已保存');
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
        aria-label="答复审核"
        style={{ width: 300 }}
        value={value}
        loading={busy}
        onChange={(v) => void change(v)}
        options={[
          { value: 'preset', label: `按当前预设（${rule?.default ? '须经本单位审核' : '不需审核'}）` },
          { value: 'on', label: '答复须经本单位审核人审核后报出' },
          { value: 'off', label: '答复直接报出，不经本单位审核' },
        ]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {unit.replyReviewApplies ? '现行：须经本单位审核人（单位管理员）审核' : '现行：答复直接报出'}
        {rule ? `；依据${title}${rule.basis.article}${rule.checklist ? `，审核时逐项把好${rule.checklist.map((c) => c.label).join('、')}` : ''}` : ''}
      </Typography.Text>
    </Space>
  );
}
