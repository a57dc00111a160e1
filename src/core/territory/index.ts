export { locate, MAX_CANDIDATES, type Located, type LocatedPath, type Place } from './locate.ts';
export { matchUnitByRegion, regionPrefix, type RegionalUnit } from './match-unit.ts';
export { packagedGazetteer, buildGazetteer, type Gazetteer } from './gazetteer.ts';
export { buildDivisions, packageRows, DATA_SOURCE, type Division, type DivisionRows } from './divisions.ts';
