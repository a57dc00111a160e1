import type { ClassifierModel } from './model.ts';
import { HASH_BITS } from './terms.ts';
import { IDF_STEP, roundIdf, vocabularyOf } from './tfidf.ts';

/**
 * A trained model as bytes for the database: a small JSON header, the feature numbers as varint
 * gaps, idf in 16-bit steps and the 16-bit weights as they are held in memory. Nothing is rounded
 * here that training did not round already, so a decoded model predicts exactly as the encoded one.
 */

const MAGIC = [0x4f, 0x31, 0x32, 0x43]; // "O12C"
const VERSION = 1;

interface Header {
  labels: string[];
  terms: ClassifierModel['terms'];
  bias: number;
  temperature: number;
  /** Absent in models stored before it (read as 0). */
  uniformShare?: number;
  features: number;
  hashBits: number;
  scales: number[];
  intercepts: number[];
}

export class ModelFormatError extends Error {}

export function encodeModel(model: ClassifierModel): Uint8Array {
  const n = model.vocab.features.length;
  const header: Header = {
    labels: model.labels,
    terms: model.terms,
    bias: model.bias,
    temperature: model.temperature,
    uniformShare: model.uniformShare,
    features: n,
    hashBits: HASH_BITS,
    scales: model.scales,
    intercepts: model.intercepts,
  };
  const head = new TextEncoder().encode(JSON.stringify(header));
  const gaps: number[] = [];
  let previous = -1;
  for (const id of model.vocab.features) {
    let gap = id - previous - 1;
    previous = id;
    while (gap >= 0x80) {
      gaps.push((gap & 0x7f) | 0x80);
      gap >>>= 7;
    }
    gaps.push(gap);
  }
  const out = new Uint8Array(5 + 4 + head.length + 4 + gaps.length + 2 * n + 2 * n * model.labels.length);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[4] = VERSION;
  let at = 5;
  view.setUint32(at, head.length, true);
  out.set(head, (at += 4));
  at += head.length;
  view.setUint32(at, gaps.length, true);
  out.set(gaps, (at += 4));
  at += gaps.length;
  for (let i = 0; i < n; i += 1, at += 2) view.setUint16(at, Math.round((roundIdf(model.vocab.idf[i]!) - 1) / IDF_STEP), true);
  for (const w of model.weights) for (let i = 0; i < n; i += 1, at += 2) view.setInt16(at, w[i]!, true);
  return out;
}

export function decodeModel(bytes: Uint8Array): ClassifierModel {
  if (bytes.length < 13 || MAGIC.some((b, i) => bytes[i] !== b) || bytes[4] !== VERSION) throw new ModelFormatError('不是本系统的分类模型，或模型版本不受支持');
  try {
    return decodeBody(bytes);
  } catch (error) {
    // A cut or damaged model reads past its end or into bad JSON
    if (error instanceof RangeError || error instanceof SyntaxError) throw new ModelFormatError('分类模型数据不完整或已损坏');
    throw error;
  }
}

function decodeBody(bytes: Uint8Array): ClassifierModel {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 5;
  const headLength = view.getUint32(at, true);
  at += 4;
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(at, at + headLength))) as Header;
  if (header.hashBits !== HASH_BITS) throw new ModelFormatError('模型的特征编号方式与本版本不符，请重新训练');
  at += headLength;
  const end = at + 4 + view.getUint32(at, true);
  at += 4;
  const n = header.features;
  if (end + 2 * n * (1 + header.labels.length) !== bytes.length) throw new ModelFormatError('分类模型数据不完整或已损坏');
  const features = new Int32Array(n);
  let previous = -1;
  for (let i = 0; at < end; i += 1) {
    let gap = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[at++]!;
      gap |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    previous += gap + 1;
    features[i] = previous;
  }
  const idf = new Float64Array(n);
  for (let i = 0; i < n; i += 1, at += 2) idf[i] = 1 + view.getUint16(at, true) * IDF_STEP;
  const weights = header.labels.map(() => {
    const w = new Int16Array(n);
    for (let i = 0; i < n; i += 1, at += 2) w[i] = view.getInt16(at, true);
    return w;
  });
  const { labels, terms, bias, temperature, scales, intercepts } = header;
  return { labels, terms, vocab: vocabularyOf(features, idf), weights, scales, intercepts, bias, temperature, uniformShare: header.uniformShare ?? 0 };
}
