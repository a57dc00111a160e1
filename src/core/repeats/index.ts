export { normalizeForMatching, normalizeAddress } from './normalize.ts';
export { shingles, jaccard } from './shingles.ts';
export { minhash, estimateJaccard, isEmptySignature, SIGNATURE_SIZE } from './minhash.ts';
export { bandHashes, candidateProbability, BANDS, ROWS } from './lsh.ts';
export { placeKey, matchPlace, type PlaceKey, type PlaceMatch } from './place.ts';
export { judgeRepeat, TEXT_ALONE, TEXT_WITH_PLACE, type RepeatReason, type RepeatEvidence, type RepeatJudgement } from './judge.ts';
export { fingerprint, requestText, normalizePhone, FINGERPRINT_VERSION, type Fingerprint, type RepeatSubject } from './fingerprint.ts';
