import { gunzipSync, gzipSync } from 'node:zlib';
import { decodeModel, encodeModel } from '../../core/classify/codec.ts';
import type { ClassifierModel } from '../../core/classify/model.ts';
import type { Db, Queryable } from '../db/connection.ts';

/** Trained models in the database (classifier_models); the active one is what predictions use. */

export type ModelSource = 'tickets' | 'file' | 'demo';

export interface StoredModelInfo {
  id: string;
  createdAt: Date;
  source: ModelSource;
  trainedOn: number;
  labels: string[];
  metrics: Record<string, unknown>;
  closedTickets: number | null;
  bytes: number;
}

export interface SaveModelInput {
  model: ClassifierModel;
  source: ModelSource;
  trainedOn: number;
  metrics: Record<string, unknown>;
  closedTickets?: number | null;
}

/** Stores a model and makes it the active one, in one transaction. */
export async function saveModel(db: Db, input: SaveModelInput): Promise<StoredModelInfo> {
  // the weights of a large model are mostly tiny numbers: gzip takes about a third off
  const bytes = gzipSync(encodeModel(input.model), { level: 6 });
  return db.transaction(async (tx) => {
    await tx.query('UPDATE classifier_models SET active = false WHERE active');
    const { rows } = await tx.query<{ id: string; created_at: Date }>(
      `INSERT INTO classifier_models (source, trained_on, labels, metrics, closed_tickets, model, active)
       VALUES ($1, $2, $3, $4, $5, $6, true) RETURNING id, created_at`,
      [input.source, input.trainedOn, input.model.labels, JSON.stringify(input.metrics), input.closedTickets ?? null, bytes],
    );
    const row = rows[0]!;
    return {
      id: row.id,
      createdAt: row.created_at,
      source: input.source,
      trainedOn: input.trainedOn,
      labels: input.model.labels,
      metrics: input.metrics,
      closedTickets: input.closedTickets ?? null,
      bytes: bytes.length,
    };
  });
}

export async function activeModelId(db: Queryable): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM classifier_models WHERE active');
  return rows[0]?.id ?? null;
}

export async function loadModel(db: Queryable, id: string): Promise<ClassifierModel | null> {
  const { rows } = await db.query<{ model: Uint8Array }>('SELECT model FROM classifier_models WHERE id = $1', [id]);
  const row = rows[0];
  return row ? decodeModel(gunzipSync(row.model)) : null;
}

/** The newest model trained from this deployment's tickets, if any (the retraining job's baseline). */
export async function latestTicketModel(db: Queryable): Promise<{ id: string; closedTickets: number } | null> {
  const { rows } = await db.query<{ id: string; closed_tickets: number }>(
    `SELECT id, closed_tickets FROM classifier_models WHERE source = 'tickets' ORDER BY created_at DESC LIMIT 1`,
  );
  return rows[0] ? { id: rows[0].id, closedTickets: rows[0].closed_tickets } : null;
}
