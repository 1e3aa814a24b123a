// GOV.UK Frontend's stylesheet, fonts and images, served from its npm package, and the pages' own few rules.
import fs from 'fs';
import type http from 'http';
import path from 'path';
import { CPCASE_CSS } from './html';

const GOVUK = path.dirname(require.resolve('govuk-frontend'));
const ASSET = /^\/assets\/(fonts|images)\/([A-Za-z0-9._-]+)$/;
const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};
const CACHED = 'public, max-age=86400';

function staticFile(res: http.ServerResponse, file: string): void {
  fs.readFile(file, (err, data) => {
    if (err) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('not found');
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Cache-Control': CACHED,
    });
    res.end(data);
  });
}

/** Answers an asset's address; false for any other. Names only from the package's folders: no path escapes. */
export function serveAsset(pathname: string, res: http.ServerResponse): boolean {
  const asset = ASSET.exec(pathname);
  if (asset) staticFile(res, path.join(GOVUK, 'assets', asset[1]!, asset[2]!));
  else if (pathname === '/stylesheets/govuk-frontend.min.css')
    staticFile(res, path.join(GOVUK, 'govuk-frontend.min.css'));
  else if (pathname === '/stylesheets/cpcase.css') {
    res.writeHead(200, { 'Content-Type': TYPES['.css'], 'Cache-Control': CACHED });
    res.end(CPCASE_CSS);
  } else if (pathname === '/favicon.ico') {
    // No council crest or GOV.UK crown: the pages are the council's, not GOV.UK's.
    res.writeHead(204).end();
  } else return false;
  return true;
}
