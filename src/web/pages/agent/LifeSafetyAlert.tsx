import { AlertOutlined } from '@ant-design/icons';
import { Alert, Button, Space } from 'antd';
import { HOTLINE_LABELS, type EmergencyHotline, type LifeSafetyCue } from '../../../core/ticket/life-safety.ts';

/**
 * The cue when a call reads like an emergency happening now: life and property are for 110, 119, 120
 * and 122 (重庆 第十条), so the agent is pointed there with one button per hotline (转紧急热线).
 * One line, so the form below stays in view.
 */
export function LifeSafetyAlert({ cue, onRefer }: { cue: LifeSafetyCue; onRefer: (hotline: EmergencyHotline) => void }) {
  return (
    <Alert
      type="error"
      showIcon
      icon={<AlertOutlined />}
      role="alert"
      style={{ marginBottom: 8, alignItems: 'center' }}
      title={
        <span>
          <strong>可能涉及生命财产安全</strong>
          {cue.words.length > 0 && <>（{cue.words.slice(0, 4).join('、')}）</>}：请转紧急热线，或告知来电人直接拨打
          {' '}
          <strong>{cue.hotlines.join(' / ')}</strong>
        </span>
      }
      action={
        <Space size={6}>
          {cue.hotlines.map((h, i) => (
            <Button key={h} size="small" danger type={i === 0 ? 'primary' : 'default'} onClick={() => onRefer(h)}>
              转 {HOTLINE_LABELS[h]}
            </Button>
          ))}
        </Space>
      }
    />
  );
}
