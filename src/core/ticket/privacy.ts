/**
 * Who may see the caller. Units see a masked phone (138****1234); an anonymous or confidential
 * ticket shows no caller to any unit; the unit a complaint or report is about never learns who
 * complained (邵阳办法 第二十三条, 凉山办法 第二十条, 重庆办法 第二十二条).
 */

export type CallerView = 'full' | 'masked' | 'hidden';

export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.replace(/\s+/g, '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length > 4) return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
  return '****';
}

export function maskName(name: string | null): string | null {
  if (!name) return name;
  return `${[...name][0]}**`;
}

export interface CallerPrivacyInput {
  viewerIsCenter: boolean;
  anonymous: boolean;
  confidential: boolean;
  /** The viewer's unit is the unit the request complains about (or inside it). */
  viewerIsSubject: boolean;
}

export function callerView(i: CallerPrivacyInput): CallerView {
  if (i.viewerIsCenter) return 'full';
  if (i.anonymous || i.confidential || i.viewerIsSubject) return 'hidden';
  return 'masked';
}

/** Every mainland mobile number in a free text, masked (138****1234): for logs and notices to units. */
export function maskPhonesIn(text: string): string {
  return text.replace(/(?<!\d)1[3-9]\d{9}(?!\d)/g, (phone) => maskPhone(phone)!);
}
