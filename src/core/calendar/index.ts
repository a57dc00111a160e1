export * from './civil-date.ts';
export * from './day-kind.ts';
export * from './calendar.ts';
export * from './overrides.ts';
export * from './working-hours.ts';
export { provisionalArrangement } from './provisional.ts';
export { officialArrangement } from './official.ts';
export * from './unit-hours.ts';
