// The report's one HTML file: styles, script and data inline, nothing fetched.
// The styles and the script are real files beside this one (page.css, and
// page.js, type-checked with // @ts-check), inlined when a page is written.
import fs from 'node:fs';
import path from 'node:path';

/** Escapes text for HTML content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside a <script> element: no '<' can close it early. */
export function scriptJson(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export interface PageParts {
  readonly title: string;
  /** Inline HTML for the sections below the treemap (already escaped). */
  readonly headline: string;
  readonly legend: string;
  readonly sections: string;
  /** The treemap's data (see TreePayload in report.ts). */
  readonly data: unknown;
}

/** A file next to this one (page.css, page.js), read when a page is made: real files, linted and type-checked. */
function asset(name: string): string {
  return fs.readFileSync(path.join(import.meta.dirname, name), 'utf8');
}

/** The whole page. */
export function page(parts: PageParts): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${esc(parts.title)}</title>
<style>${asset('page.css')}</style>
</head>
<body>
<header>${parts.headline}</header>
<main>
<h2 id="where">Where the space goes<span id="after-note"></span></h2>
${parts.legend}
<div class="mapbar"><div id="crumbs"></div><label id="after-toggle"><input type="checkbox" id="after"> after cleanup</label></div>
<div id="treemap"></div>
<div id="note"></div>
<div id="small-list" hidden></div>
${parts.sections}
</main>
<script type="application/json" id="rummage-data">${scriptJson(parts.data)}</script>
<script>${asset('page.js')}</script>
</body>
</html>
`;
}
