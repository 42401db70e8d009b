import { api } from '../../app/api';

export const changePassword = (input: { currentPassword: string; newPassword: string }) =>
  api<void>('/me/password', { method: 'POST', body: input });

export interface TotpSetup {
  secret: string;
  otpauthUrl: string;
}

export const startTotpSetup = () => api<TotpSetup>('/me/totp/setup', { method: 'POST' });
export const enableTotp = (code: string) => api<void>('/me/totp/enable', { method: 'POST', body: { code } });
export const disableTotp = (code: string) => api<void>('/me/totp/disable', { method: 'POST', body: { code } });
