import { maskPhonesIn } from '../../core/ticket/privacy.ts';

/** What stands in for a query code in a log line. */
export const HIDDEN = '[已隐去]';

/** A URL as it may be logged: the portal's `?code=` (the query code) never shown. */
export function scrubUrl(url: string): string {
  return url.replace(/([?&]code=)[^&#\s"]*/gi, `$1${HIDDEN}`);
}

/**
 * A text as it may be logged: phones masked, query codes hidden wherever they appear — in a URL or
 * in the SMS that carries them (【12345】…查询码 AB3K7MQP9X…). Only the SMS itself carries the code.
 */
export function scrubLogText(text: string): string {
  return maskPhonesIn(scrubUrl(text)).replace(/(查询码[\s：:]*)[A-Za-z0-9]{4,}/g, `$1${HIDDEN}`);
}
