import type { PresentedFlags } from '../core/flags/describe.ts';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  unit: { id: string; name: string; kind: string };
  isCenter: boolean;
  /** Signed in with a password the system handed out: the change-password page comes first. */
  mustChangePassword: boolean;
  totpEnabled: boolean;
  /** May add a TOTP second factor (admin, leader, supervisor). */
  totpAvailable: boolean;
  /** A province's platform: it takes its cities' indicators and shows 全省对比. */
  provincial?: boolean;
}

export interface Remaining {
  overdue: boolean;
  workingMinutes: number;
  workingDays: number;
}

export interface Due {
  clock: string;
  label: string;
  dueAt: string;
  overdue: boolean;
  remaining: Remaining;
  /** The clock belongs to another unit's share, which this unit (having replied) waits on. */
  waitingOnOthers?: boolean;
}

export interface TicketItem {
  id: string;
  number: string;
  status: string;
  statusLabel: string;
  type: string;
  typeLabel: string;
  urgency: string;
  title: string | null;
  excerpt: string;
  address: string | null;
  units: string | null;
  createdAt: string;
  due: Due | null;
  channelLabel?: string;
  category?: string | null;
  satisfaction?: string | null;
  /** Masked in every list (138****1234); null when the viewer may not see the caller. */
  caller?: { name: string | null; phone: string | null } | null;
  /** 工单标记: 涉企诉求, 国办工单, 领导批示件, 代表委员件. */
  flags?: Array<{ flag: string; label: string }>;
}

export interface Clock {
  id: string;
  name: string;
  label: string;
  startedAt: string;
  dueAt: string;
  status: string;
  overdue: boolean;
  dueSoon: boolean;
  remaining: Remaining | null;
  rule: string;
  basis: string;
  provisional: boolean;
  /** The preset the clock was started under (null: from before presets per subtree). */
  preset?: string | null;
}

/** A regulation preset as pages name it. */
export interface PresetSummary {
  id: string;
  name: string;
  title: string;
  number?: string;
}

export interface Assignment {
  id: string;
  unit: { id: string; name: string };
  parentId: string | null;
  role: string;
  status: string;
  statusLabel: string;
  signedAt: string | null;
  repliedAt: string | null;
  reply: Record<string, unknown> | null;
  extensionCount: number;
  pendingExtension: Record<string, unknown> | null;
  supervisionExtensionCount?: number;
  pendingSupervisionExtension?: Record<string, unknown> | null;
  pendingReturn: Record<string, unknown> | null;
  /** 本单位审核: the reply waiting for the unit's reviewer (the draft is null for the center), or sent back with the reason. */
  replyReview?: ReplyReview | null;
  unitHasReviewer?: boolean;
  /** The regulation the share follows: its unit's subtree's (大足区 under 重庆), or the deployment's default. */
  preset?: PresetSummary & { isDefault: boolean };
  clocks: Clock[];
}

export interface ReplyReview {
  state: 'pending' | 'returned';
  draft: Record<string, unknown> | null;
  submittedBy: { id: string; name: string };
  submittedAt: string;
  reason?: string;
  reviewer?: string;
  returnedAt?: string;
}

export interface TicketEvent {
  id: number;
  action: string;
  actor: string;
  at: string;
  [key: string]: unknown;
}

/** One action the user may take now (server/tickets/allowed.ts), on one share where it is a share's. */
export interface AllowedAction {
  action: string;
  assignmentId: string | null;
  unitName: string | null;
  /** Taken by a unit above on a share of a unit below it. */
  onBehalf: boolean;
}

export type DecisionKind = 'extension' | 'return' | 'completion' | 'appeal' | 'supervision-extension' | 'unit-review' | 'consolidation' | 'proposal' | 'follow-up';

/** A request waiting for the user's decision (GET /api/inbox). */
export interface Decision {
  kind: DecisionKind;
  kindLabel: string;
  /** A 督办建议 (kind proposal) about a knowledge entry has no ticket. */
  ticketId: string | null;
  number: string | null;
  /** For a 督办建议: what it is decided through (POST /api/supervision/proposals/:id/accept|dismiss). */
  proposalId?: string;
  /** For a 协调跟进: marked done through POST /api/coordination/follow-ups/:id/done. */
  followUpId?: string;
  status: string;
  statusLabel: string;
  typeLabel: string;
  title: string | null;
  excerpt: string;
  assignmentId: string | null;
  unitName: string | null;
  request: Record<string, unknown>;
  requestedAt: string;
  due: { dueAt: string; overdue: boolean; remaining: Remaining | null } | null;
}

/** total: every step waiting for the user (tickets and 通报); notices: published 通报 not yet opened (not in total). */
export type InboxCounts = Record<DecisionKind | 'bulletin' | 'submission' | 'integration' | 'total' | 'notices', number>;

export interface Ticket {
  id: string;
  number: string;
  status: string;
  statusLabel: string;
  version: number;
  channel: string;
  type: string;
  typeLabel: string;
  urgency: string;
  urgencyLabel: string;
  title: string | null;
  content: string;
  category: string | null;
  /** The classifier's reading at registration (center only). */
  predictedCategory?: { category: string; confidence: number | null; modelId: string | null } | null;
  address: string | null;
  anonymous: boolean;
  confidential: boolean;
  callerView: 'full' | 'masked' | 'hidden';
  /** A telephone platform dials the caller for this user (回拨 without the number on screen). */
  callThroughPlatform?: boolean;
  /** From the server's access rules: a unit whose share ended reads its own history only. */
  access?: { relation: 'center' | 'holder' | 'ended' | 'none'; readOnly: boolean; allowedActions: string[]; actions?: AllowedAction[] };
  queryCode: string | null;
  caller: { name: string | null; phone: string | null } | null;
  /** How the hotline closed it itself: answer, reject, refer, terminate, merge — with what was written. */
  outcome: Record<string, unknown> | null;
  satisfaction: string | null;
  resolution: string | null;
  closure: string | null;
  appealStatus: string | null;
  redoCount: number;
  supervisionCount: number;
  /** Tries to reach the caller for the visit now due (邵阳 第十四条（二）). */
  visitAttempts?: number;
  /** The SMS visit and the caller's reply (center only; 凉山 第十三条（一）). */
  smsVisit?: {
    sentAt: string;
    reply: string | null;
    repliedAt: string | null;
    parsed: 'satisfied' | 'basic' | 'dissatisfied' | null;
    /** The gateway's delivery report: failed tells the visitor to call instead. */
    delivery?: { status: 'delivered' | 'failed'; at: string; code: string | null; description: string | null } | null;
  } | null;
  /** 行政调解类/执法办案类 as the preset names them: left out of the satisfaction rate. */
  exemptKind?: string | null;
  /** 工单标记 (the enterprise and the deputy follow the caller's privacy: null fields where hidden). */
  flags?: TicketFlags;
  repeatOf: string | null;
  createdAt: string;
  clocks: Clock[];
  assignments: Assignment[];
  events: TicketEvent[];
}

export interface UnitContact {
  name: string;
  phone: string;
  title?: string;
}

export interface UnitNode {
  id: string;
  parentId: string | null;
  name: string;
  kind: string;
  regionCode: string | null;
  /** 职责 */
  responsibilities: string[];
  /** false: deactivated, takes no new dispatches */
  active: boolean;
  contacts: UnitContact[];
  /** 本单位审核: the unit's own choice (null: the preset's default) and whether it applies now. */
  replyReview?: boolean | null;
  replyReviewApplies?: boolean;
  /** 时限预设 the unit set for its subtree (null: as the unit above it). */
  preset?: string | null;
  /** The preset that applies, and where it comes from: the unit's own, a unit above it, or the deployment's default. */
  presetApplies?: PresetSummary & { source: 'own' | 'inherited' | 'default'; fromUnitId: string | null; fromUnitName: string | null };
  /** 热线联络员 (null: none named yet, flagged on the admin's units list). */
  liaison?: { name: string; officePhone: string } | null;
  children: UnitNode[];
}

export const TYPE_OPTIONS = [
  { value: 'consultation', label: '咨询' },
  { value: 'help', label: '求助' },
  { value: 'complaint', label: '投诉' },
  { value: 'report', label: '举报' },
  { value: 'suggestion', label: '建议' },
  { value: 'praise', label: '表扬' },
];

export const URGENCY_OPTIONS = [
  { value: 'normal', label: '普通' },
  { value: 'special', label: '特殊事项' },
  { value: 'emergency', label: '特殊紧急事项' },
];

export interface UnitSuggestion {
  unitId: string;
  unitName: string;
  unitKind: string;
  score: number;
  reasons: Array<{ kind: 'territory' | 'responsibility' | 'routing' | 'classifier' | 'emergency'; text: string }>;
}

export interface Suggestions {
  place: { code: string; name: string } | null;
  classification: { category: string; confidence: number; words: string[]; alternatives: Array<{ category: string; confidence: number }> } | null;
  suggestions: UnitSuggestion[];
}

export interface RepeatCandidate {
  ticketId: string;
  number: string;
  status: string;
  statusLabel: string;
  title: string | null;
  address: string | null;
  createdAt: string;
  similarity: number;
  reasons: Array<'same-caller' | 'same-place' | 'similar-text'>;
  repeatOf: { id: string; number: string } | null;
}

export interface RepeatsAnswer {
  windowDays: number;
  candidates: RepeatCandidate[];
}

/** A file of a ticket the signed-in user may download (GET /api/tickets/:id/attachments). */
export interface TicketAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  origin: 'caller' | 'unit';
  createdAt: string;
  /** Who added it, with the unit; 来电人（网上提交） for the portal. */
  uploadedBy: string;
  stage: string;
  stageLabel: string;
  url: string;
}

/** 工单标记 as the ticket read presents them (src/server/tickets/flags.ts). */
export type TicketFlags = PresentedFlags;
