import { requestExtension, approveExtension, rejectExtension } from './extensions.ts';
import { answer, linkRepeat, refer, reject } from './intake.ts';
import { dispatch, subdispatch } from './dispatch.ts';
import { firstResponse, progressReport } from './fast-lane.ts';
import { merge } from './merge.ts';
import type { ActionDef } from './registry.ts';
import { approveReturn, forwardReturn, rejectReturn } from './return-decisions.ts';
import { requestReturn } from './returns.ts';
import { approveCompletion, archive, rejectCompletion, terminate } from './review.ts';
import { remind, supervise } from './supervision.ts';
import { approveSupervisionExtension, rejectSupervisionExtension, requestSupervisionExtension } from './supervision-extension.ts';
import { approveReply, rejectReply } from './unit-review.ts';
import { coordinate } from './coordinate.ts';
import { reply, sign } from './unit-work.ts';
import { appeal, approveAppeal, rejectAppeal, visit } from './visit.ts';
import { closeUnreachable, smsVisit, visitAttempt } from './visit-contact.ts';
import { markExempt } from './exempt.ts';
import { flag } from './flag.ts';

/** Every action of the ticket's life; each becomes POST /api/tickets/:id/actions/<action>. */
export const ACTIONS: ActionDef[] = [
  answer,
  reject,
  refer,
  dispatch,
  sign,
  requestReturn,
  approveReturn,
  rejectReturn,
  forwardReturn,
  subdispatch,
  reply,
  firstResponse,
  progressReport,
  approveReply,
  rejectReply,
  requestExtension,
  approveExtension,
  rejectExtension,
  approveCompletion,
  rejectCompletion,
  visit,
  visitAttempt,
  smsVisit,
  closeUnreachable,
  markExempt,
  flag,
  appeal,
  approveAppeal,
  rejectAppeal,
  coordinate,
  remind,
  supervise,
  requestSupervisionExtension,
  approveSupervisionExtension,
  rejectSupervisionExtension,
  terminate,
  linkRepeat,
  merge,
  archive,
];
