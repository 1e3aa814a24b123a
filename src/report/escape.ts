// Text put into HTML (the annual report's page, its charts, a subject access document): escaped, never trusted.
export const escapeHtml = (v: string | number) =>
  String(v).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
