import { CITY_ENTRIES } from './city.ts';
import type { DemoEntry } from './entry.ts';
import { ENVIRONMENT_ENTRIES } from './environment.ts';
import { LATE_ENTRIES } from './late.ts';
import { MARKET_ENTRIES } from './market.ts';
import { SERVICE_ENTRIES } from './services.ts';
import { SOCIAL_ENTRIES } from './social.ts';

/** The entries the knowledge base starts the history with, by theme (history/knowledge.ts enters them in its first working days). */
export const BASE_ENTRIES: readonly DemoEntry[] = [...CITY_ENTRIES, ...ENVIRONMENT_ENTRIES, ...MARKET_ENTRIES, ...SOCIAL_ENTRIES, ...SERVICE_ENTRIES];

/** Every entry of the demo city, the ones written during the history too. */
export const ALL_ENTRIES: readonly DemoEntry[] = [...BASE_ENTRIES, ...LATE_ENTRIES];
