/** The periods a director looks at; each ends on `day` (the organization's, app/today.ts; by default the reader's). */
export const DASHBOARD_PERIODS = ['month', 'quarter', 'year', 'last12'] as const;
export type DashboardPeriod = (typeof DASHBOARD_PERIODS)[number];

const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
export const periodRange = (p: DashboardPeriod, day?: string): { from: string; to: string } => {
  const [yy, mm, dd] = (day ?? iso(new Date())).split('-').map(Number);
  const today = new Date(yy!, mm! - 1, dd!);
  const y = today.getFullYear();
  const m = today.getMonth();
  const from =
    p === 'month' ? new Date(y, m, 1) : p === 'quarter' ? new Date(y, m - (m % 3), 1) : p === 'year' ? new Date(y, 0, 1) : new Date(y - 1, m, today.getDate() + 1);
  return { from: iso(from), to: iso(today) };
};
