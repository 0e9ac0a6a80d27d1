import type {
  Attempt, AttemptResultRecord, AuditAction, AuditEvent, CallDirection, CallResult, Campaign, CampaignSettings,
  CampaignState, Contact, ContactStatus, DncEntry, JsonObject, JsonValue, OutboxItem, OutboxStatus, AttemptState,
} from '../../../ports/call-store.port';

/** Rows as SQLite returns them (snake_case, JSON as text) and their mapping to domain types. */

export interface CampaignRow {
  seq: number; id: string; name: string; state: string; settings: string; created_at: number; updated_at: number;
}

export interface ContactRow {
  id: number; campaign_id: string; phone: string; external_id: string | null; name: string | null;
  time_zone: string | null; data: string | null; status: string; attempt_count: number; next_eligible_at: number;
  last_attempt_at: number | null; last_result: string | null; close_reason: string | null;
  claimed_by: string | null; claimed_at: number | null; created_at: number; updated_at: number;
}

export interface AttemptRow {
  seq: number; id: string; direction: string; phone: string; campaign_id: string | null; contact_id: number | null;
  line_id: string | null; channel_id: string | null; scenario: string | null; instance_id: string; state: string;
  result: string | null; created_at: number; updated_at: number; answered_at: number | null; finished_at: number | null;
}

export interface ResultRow {
  seq: number; attempt_id: string; campaign_id: string | null; contact_id: number | null; direction: string;
  phone: string; result: string; reason: string | null; hangup_cause: number | null; hangup_cause_text: string | null;
  transcript: string | null; intent: string | null; ring_ms: number | null; talk_ms: number | null; total_ms: number;
  started_at: number; ended_at: number; details: string | null;
}

export interface OutboxRow {
  id: number; key: string; topic: string; payload: string; attempt_id: string | null; status: string; failures: number;
  next_attempt_at: number; leased_by: string | null; leased_until: number | null; last_error: string | null;
  created_at: number; updated_at: number; sent_at: number | null;
}

export interface DncRow {
  id: number; phone: string; reason: string | null; source: string; campaign_id: string | null; created_at: number;
}

export interface AuditRow {
  id: number; campaign_id: string | null; action: string; actor: string; reason: string | null; details: string | null;
  at: number;
}

function parseObject(text: string | null): JsonObject | null {
  return text === null ? null : (JSON.parse(text) as JsonObject);
}

export function toCampaign(r: CampaignRow): Campaign {
  return {
    id: r.id, name: r.name, state: r.state as CampaignState, settings: JSON.parse(r.settings) as CampaignSettings,
    createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

export function toContact(r: ContactRow): Contact {
  return {
    id: r.id, campaignId: r.campaign_id, phone: r.phone, externalId: r.external_id, name: r.name,
    timeZone: r.time_zone, data: parseObject(r.data), status: r.status as ContactStatus,
    attemptCount: r.attempt_count, nextEligibleAt: r.next_eligible_at, lastAttemptAt: r.last_attempt_at,
    lastResult: r.last_result as CallResult | null, closeReason: r.close_reason, claimedBy: r.claimed_by,
    claimedAt: r.claimed_at, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

export function toAttempt(r: AttemptRow): Attempt {
  return {
    id: r.id, direction: r.direction as CallDirection, phone: r.phone, campaignId: r.campaign_id,
    contactId: r.contact_id, lineId: r.line_id, channelId: r.channel_id, scenario: r.scenario,
    instanceId: r.instance_id, state: r.state as AttemptState, result: r.result as CallResult | null,
    createdAt: r.created_at, updatedAt: r.updated_at, answeredAt: r.answered_at, finishedAt: r.finished_at,
  };
}

export function toResult(r: ResultRow): AttemptResultRecord {
  return {
    attemptId: r.attempt_id, campaignId: r.campaign_id, contactId: r.contact_id,
    direction: r.direction as CallDirection, phone: r.phone, result: r.result as CallResult, reason: r.reason,
    hangupCause: r.hangup_cause, hangupCauseText: r.hangup_cause_text, transcript: r.transcript, intent: r.intent,
    ringMs: r.ring_ms, talkMs: r.talk_ms, totalMs: r.total_ms, startedAt: r.started_at, endedAt: r.ended_at,
    details: parseObject(r.details),
  };
}

export function toOutboxItem(r: OutboxRow): OutboxItem {
  return {
    id: r.id, key: r.key, topic: r.topic, payload: JSON.parse(r.payload) as JsonValue, attemptId: r.attempt_id,
    status: r.status as OutboxStatus, failures: r.failures, nextAttemptAt: r.next_attempt_at, leasedBy: r.leased_by,
    leasedUntil: r.leased_until, lastError: r.last_error, createdAt: r.created_at, updatedAt: r.updated_at,
    sentAt: r.sent_at,
  };
}

export function toDncEntry(r: DncRow): DncEntry {
  return { phone: r.phone, reason: r.reason, source: r.source, campaignId: r.campaign_id, createdAt: r.created_at };
}

export function toAuditEvent(r: AuditRow): AuditEvent {
  return {
    id: r.id, campaignId: r.campaign_id, action: r.action as AuditAction, actor: r.actor, reason: r.reason,
    details: parseObject(r.details), at: r.at,
  };
}
