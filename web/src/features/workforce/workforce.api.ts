import { api } from '../../app/api';

export type CredentialStatus = 'active' | 'grace' | 'lapsed' | 'inactive';
export type Band = 'low' | 'moderate' | 'high';

export interface Credential {
  id: string;
  type: string;
  typeName: string;
  number: string;
  issuingBody: string;
  issuedOn: string;
  expiresOn: string;
  status: CredentialStatus;
  statusReason: string;
  lateFee: boolean;
  graceEndsOn: string | null;
  retrainRequired: boolean;
  renewalOpensOn: string | null;
  verification: { by: string | null; at: string | null; how: string | null };
}
export interface CycleProgress {
  credentialId: string;
  credentialType: string;
  start: string;
  end: string;
  hoursDone: number;
  hoursRequired: number | null;
  topics: Array<{ topic: string; done: number; required: number }>;
  status: string;
  daysLeft: number;
  credentialStatus: CredentialStatus;
  notes: string[];
}
export interface Reminder {
  credentialId: string;
  credentialName: string;
  kind: string;
  on: string;
  about: string;
  status: CredentialStatus;
  daysLeft: number;
}
export interface CalendarEvent extends Omit<Reminder, 'daysLeft'> {
  peerId: string;
  peerName: string;
}
export interface Session {
  id: string;
  peerId: string;
  heldOn: string;
  minutes: number;
  kind: 'individual' | 'group';
  topics: string[];
  notes: string | null;
  notesVisible: boolean;
}
export interface Week {
  weekStart: string;
  activeCaseload: number;
  capacity: number;
  sessions: number;
  hours: number;
  safetyFollowups: number;
  afterHoursSessions: number;
  referralsInProgress: number;
  index: number;
}
export interface CheckIn {
  id: string;
  instrument: 'proqol-5' | 'cbi' | 'pulse';
  scores: Array<{ code: string; score: number; band: Band }>;
  createdAt: string;
}
export interface MyPeer {
  id: string;
  displayName: string;
}

export const wfKeys = {
  mine: ['workforce', 'mine'] as const,
  reminders: ['workforce', 'reminders'] as const,
  wellbeing: ['workforce', 'wellbeing'] as const,
  team: ['workforce', 'team'] as const,
};

export const getMyPeer = async (): Promise<MyPeer | null> => {
  try {
    return await api<MyPeer>('/peers/me');
  } catch {
    return null;
  }
};
export const getCredentials = (peerId: string) => api<{ items: Credential[] }>(`/peers/${peerId}/credentials`);
export const getProgress = (peerId: string) => api<{ on: string; cycles: CycleProgress[] }>(`/peers/${peerId}/ce/progress`);
export const getIntensity = (peerId: string) => api<{ weeks: Week[] }>(`/peers/${peerId}/intensity`);
export const getReminders = () => api<{ items: Reminder[] }>('/workforce/reminders');
export const getSessions = (peerId?: string) => api<{ items: Session[] }>('/supervision-sessions', { query: { peerId } });
export const getCheckIns = () => api<{ items: CheckIn[]; sharing: { shareBand: boolean; askCheckin: boolean }; band: Band | null }>('/wellbeing/check-ins');
export const postPulse = (value: number) => api<CheckIn>('/wellbeing/check-ins', { method: 'POST', body: { instrument: 'pulse', answers: { '1': value } } });
export const putSharing = (body: { shareBand: boolean; askCheckin: boolean }) => api<typeof body>('/wellbeing/sharing', { method: 'PUT', body });
export const rotateFeed = () => api<{ url: string }>('/workforce/calendar-feed', { method: 'POST' });
export const CALENDAR_PAGE = 200;
export const getCalendar = (from: string, to: string, offset = 0, limit = CALENDAR_PAGE) =>
  api<{ items: CalendarEvent[]; nextOffset: number | null }>('/workforce/credential-calendar', { query: { from, to, offset: String(offset), limit: String(limit) } });
export const getDue = () => api<{ month: string; items: Array<{ peerId: string; peerName: string; minutesThisMonth: number; requiredMinutes: number; due: boolean; lastSessionOn: string | null; totalHours: number }> }>('/supervision/due');
export const getTeamIntensity = () => api<{ items: Array<{ peerId: string; peerName: string; weeks: Week[] }> }>('/workforce/intensity');
export const getShared = () => api<{ items: Array<{ userId: string; name: string; band: Band | null; askCheckin: boolean; since: string }> }>('/wellbeing/shared');
export const getTeamWellbeing = () =>
  api<{ contributors: number | string | null; suppressed: boolean; suppression: { k: number }; scales: Array<{ scale: string; contributors: number | string | null; mean: number | null; bands: { low: number | string | null; moderate: number | string | null; high: number | string | null } }> }>('/wellbeing/team');
