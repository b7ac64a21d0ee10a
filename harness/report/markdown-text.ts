// Text from records in Markdown: records hold whatever a tool printed, which must neither inject
// markup nor break a table.

// One line of inline Markdown: `code spans` stay code spans; elsewhere HTML is entity-escaped and
// Markdown punctuation backslash-escaped; in a table cell a pipe is escaped even inside a code span.
export function inline(text: string, table = false): string {
  const single = oneLine(text).replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\uFFFD');
  let out = '';
  let rest = single;
  for (;;) {
    const span = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/.exec(rest);
    if (!span) break;
    out += escapeText(rest.slice(0, span.index));
    const code = span[0];
    out += table ? code.replace(/\|/g, '\\|') : code;
    rest = rest.slice(span.index + code.length);
  }
  return out + escapeText(rest);
}

// Text as one code span (a firewall rule), fenced with more backticks than it holds.
export function code(text: string, table = false): string {
  const line = oneLine(text).replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\uFFFD');
  if (line === '') return '';
  const longest = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const padded = line.startsWith('`') || line.endsWith('`') ? ` ${line} ` : line;
  const span = `${fence}${padded}${fence}`;
  return table ? span.replace(/\|/g, '\\|') : span;
}

export function oneLine(text: string): string {
  return text.replace(/\r\n?|\n/g, ' ').trim();
}

function escapeText(text: string): string {
  return text
    .replace(/[\\`*_[\]|#~]/g, (c) => `\\${c}`)
    .replace(/&(?=#?\w+;)/g, '&amp;')
    .replace(/</g, '&lt;');
}
