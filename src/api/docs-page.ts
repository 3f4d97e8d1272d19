/** The API docs page: plain HTML rendered from the OpenAPI document (no scripts, no CDN). */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function typeOf(schema: Json): string {
  if (schema.enum) return (schema.enum as string[]).join(' | ');
  // A number's bounds (`integer 1..1000`), as a client must keep to them.
  const range = schema.minimum !== undefined ? `${schema.minimum}..${schema.maximum ?? ''}` : '';
  return [schema.type, range, schema.pattern ? `/${schema.pattern}/` : ''].filter(Boolean).join(' ');
}

/** Renders every path and operation of the document as one HTML page. */
export function docsPage(doc: Json): string {
  const sections: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths as Json)) {
    for (const [method, op] of Object.entries(ops as Json)) {
      const params = (op.parameters as Json[])
        .map(
          (p) =>
            `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'yes' : ''}</td><td><code>${esc(typeOf(p.schema))}</code></td><td>${esc(p.description)}${p.schema.examples || p.schema.example ? ` <small>e.g. <code>${esc(p.schema.example ?? p.schema.examples?.[0])}</code></small>` : ''}</td></tr>`,
        )
        .join('');
      const formats = Object.keys(Object.values(op.responses as Json)[0]?.content ?? {}).join(', ');
      sections.push(`<section id="${esc(op.operationId)}"><h2><span class="m">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h2>
<p>${esc(op.summary)}</p>${op.description ? `<p class="d">${esc(op.description)}</p>` : ''}
<p><b>auth:</b> ${esc(op['x-faultline-auth'])} &middot; <b>formats:</b> ${esc(formats)}</p>
${params ? `<table><tr><th>parameter</th><th>in</th><th>required</th><th>type</th><th>meaning</th></tr>${params}</table>` : ''}</section>`);
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>faultline API</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}code{font-size:13px}
table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}td,th{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
.m{background:#234;color:#fff;padding:1px 6px;border-radius:3px;font-size:13px}.d{color:#444}section{border-top:1px solid #bbb;margin-top:1.2em}</style></head>
<body><h1>${esc(doc.info.title)} ${esc(doc.info.version)}</h1><p>${esc(doc.info.description)}</p>
<p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). Errors are <code>{"error": {"code", "message"}}</code> with a one-line message.</p>
<ul>${Object.entries(doc.paths as Json)
    .flatMap(([p, ops]) =>
      Object.entries(ops as Json).map(
        ([m, op]) =>
          `<li><a href="#${esc(op.operationId)}">${esc(m.toUpperCase())} ${esc(p)}</a> &mdash; ${esc(op.summary)}</li>`,
      ),
    )
    .join('')}</ul>
${sections.join('\n')}</body></html>`;
}
