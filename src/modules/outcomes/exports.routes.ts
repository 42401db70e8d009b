import type { App } from '../../http/types.ts';
import type { Services } from '../../services.ts';

export const registerOutcomeExportRoutes = (_app: App, _s: Services) => {};
