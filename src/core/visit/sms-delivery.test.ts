import { describe, expect, it } from 'vitest';
import { deliveryFailureText, foldDelivery, type DeliveryReport } from './sms-delivery.ts';

const r = (status: DeliveryReport['status'], at: number, code: string | null = null): DeliveryReport => ({ status, at, code, description: null });

describe('短信送达回执 folded whatever their order', () => {
  it('delivered wins over any failure, before or after it; the latest failure otherwise', () => {
    const sets: DeliveryReport[][] = [
      [r('failed', 1, 'EXPIRED'), r('delivered', 2)],
      [r('delivered', 2), r('failed', 3, 'UNDELIV')],
    ];
    for (const set of sets) {
      expect(foldDelivery(set)?.status).toBe('delivered');
      expect(foldDelivery([...set].reverse())).toEqual(foldDelivery(set));
    }
    const failures = [r('failed', 5, 'UNDELIV'), r('failed', 9, 'EXPIRED'), r('failed', 7, 'REJECTD')];
    expect(foldDelivery(failures)).toMatchObject({ status: 'failed', code: 'EXPIRED', at: 9 });
    expect(foldDelivery([...failures].reverse())).toEqual(foldDelivery(failures));
    expect(foldDelivery([])).toBeNull();
  });

  it('says why in Chinese', () => {
    expect(deliveryFailureText('UNDELIV', '空号')).toBe('无法送达（空号、停机等），空号（回执代码 UNDELIV）');
    expect(deliveryFailureText('MK:0005', null)).toBe('网关未说明原因（回执代码 MK:0005）');
    expect(deliveryFailureText(null, null)).toBe('网关未说明原因');
  });
});
