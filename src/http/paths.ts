/**
 * The path of a request URL as the API boundary sees it: no query string, duplicate slashes
 * collapsed, lower case. `//api/v1/me`, `/API/v1/me` and `/api/v1/me/` are all API paths, so they
 * get the API's headers (no-store) and problem+json answers even when no route matches them.
 */
export const normalizedPath = (url: string) => {
  const path = (url.split('?')[0] ?? '/').replace(/\/{2,}/g, '/').toLowerCase();
  return path.length > 1 ? path.replace(/\/$/, '') : path;
};

export const isApiPath = (url: string) => {
  const p = normalizedPath(url);
  return p === '/api' || p.startsWith('/api/');
};

export const isDocsPath = (url: string) => {
  const p = normalizedPath(url);
  return p === '/api/v1/docs' || p.startsWith('/api/v1/docs/');
};

/** The participant's portal and the public request (issue 23): never a staff credential. */
export const isPortalOrPublicPath = (url: string) => {
  const p = normalizedPath(url);
  return p.startsWith('/api/v1/portal/') || p === '/api/v1/portal' || p.startsWith('/api/v1/public/');
};
