import { createHash } from 'node:crypto';
import { Html, html } from './html';

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f5f6f8; color: #1d2330; }
main { max-width: 40rem; margin: 2rem auto; padding: 1.5rem 2rem; background: #fff; border-radius: 8px; }
h1 { font-size: 1.4rem; margin-top: 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
.custom-data { white-space: pre-wrap; overflow-wrap: anywhere; background: #f5f6f8; padding: .75rem; border-radius: 4px; }
.notice { padding: .75rem; border-radius: 4px; background: #fff4e5; border: 1px solid #f0b45a; }
textarea { width: 100%; box-sizing: border-box; min-height: 6rem; font: inherit; }
.actions { display: flex; gap: 1rem; margin-top: 1rem; }
button { font: inherit; padding: .5rem 1.5rem; border-radius: 4px; border: 1px solid #1d2330; cursor: pointer; }
button[value=approve] { background: #1f7a3d; color: #fff; border-color: #1f7a3d; }
button[value=reject] { background: #fff; color: #a11a1a; border-color: #a11a1a; }
small { color: #5b6473; }
`;

/**
 * No script, no image, no frame, forms only to this origin; the one inline
 * style sheet is allowed by its hash.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** A whole page around `content`. */
export function layout(title: string, content: Html): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title} · Runway</title>
<style>${new Html(STYLE)}</style>
</head>
<body><main>
${content}
</main></body>
</html>`.value;
}
