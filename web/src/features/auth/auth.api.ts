import { api, setCsrfToken } from '../../app/api';

export interface SessionAnswer {
  user: { id: string; email: string };
  csrfToken: string;
}

export interface LoginInput {
  email: string;
  password: string;
  totp?: string;
}

export async function login(input: LoginInput): Promise<SessionAnswer> {
  const answer = await api<SessionAnswer>('/auth/login', { method: 'POST', body: input });
  setCsrfToken(answer.csrfToken);
  return answer;
}

export const fetchSetupStatus = () => api<{ needed: boolean }>('/setup/status');

export interface SetupInput {
  token: string;
  organizationName: string;
  email: string;
  password: string;
  displayName?: string;
}

export async function runSetup(input: SetupInput): Promise<SessionAnswer> {
  const answer = await api<SessionAnswer>('/setup', { method: 'POST', body: input });
  setCsrfToken(answer.csrfToken);
  return answer;
}
