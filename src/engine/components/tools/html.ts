/** Small HTML helpers for the URL component: text extraction, a Markdown rendering, metadata, links. */

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  copy: '©',
  reg: '®',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  middot: '·',
  bull: '•',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      try {
        return Number.isFinite(code) ? String.fromCodePoint(code) : m;
      } catch {
        return m;
      }
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

function stripInvisible(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|noscript|template|svg|iframe|head)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!doctype[^>]*>/gi, '');
}

const BLOCK = /<\/?(p|div|section|article|header|footer|main|nav|aside|h[1-6]|ul|ol|li|table|tr|td|th|thead|tbody|pre|blockquote|br|hr|form|fieldset|dl|dt|dd|figure|figcaption)\b[^>]*>/gi;

/** Visible text, one block per line (roughly what BeautifulSoup.get_text("\n") gives). */
export function htmlToText(html: string): string {
  let s = stripInvisible(html);
  s = s.replace(BLOCK, '\n');
  s = s.replace(/<[^>]+>/g, '');
  s = decodeEntities(s);
  return cleanText(s);
}

/** Whitespace-only lines emptied, trailing spaces removed, 3+ newlines collapsed to 2. */
export function cleanText(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t\f\v\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A simple HTML → Markdown rendering (headings, paragraphs, lists, links, code, emphasis). */
export function htmlToMarkdown(html: string): string {
  let s = stripInvisible(html);
  s = s.replace(/<pre\b[^>]*>([\s\S]*?)<\/pre>/gi, (_m, c) => '\n```\n' + decodeEntities(c.replace(/<[^>]+>/g, '')) + '\n```\n');
  s = s.replace(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/gi, (_m, n, c) => `\n\n${'#'.repeat(Number(n))} ${c.replace(/<[^>]+>/g, '').trim()}\n\n`);
  s = s.replace(/<a\b[^>]*href=["']([^"']*)["'][^>]*>([\s\S]*?)<\/a>/gi, (_m, href, c) => {
    const t = c.replace(/<[^>]+>/g, '').trim();
    return t ? `[${t}](${href})` : '';
  });
  s = s.replace(/<(strong|b)\b[^>]*>([\s\S]*?)<\/\1>/gi, '**$2**');
  s = s.replace(/<(em|i)\b[^>]*>([\s\S]*?)<\/\1>/gi, '*$2*');
  s = s.replace(/<code\b[^>]*>([\s\S]*?)<\/code>/gi, '`$1`');
  s = s.replace(/<li\b[^>]*>/gi, '\n- ');
  s = s.replace(/<br\s*\/?>/gi, '\n');
  s = s.replace(BLOCK, '\n\n');
  s = s.replace(/<[^>]+>/g, '');
  return cleanText(decodeEntities(s));
}

export interface HtmlMeta {
  title: string;
  description: string;
  language: string;
}

export function htmlMeta(html: string): HtmlMeta {
  const title = /<title\b[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '';
  const desc =
    /<meta\b[^>]*name=["']description["'][^>]*content=["']([^"']*)["']/i.exec(html)?.[1] ??
    /<meta\b[^>]*content=["']([^"']*)["'][^>]*name=["']description["']/i.exec(html)?.[1] ??
    '';
  const lang = /<html\b[^>]*\blang=["']([^"']*)["']/i.exec(html)?.[1] ?? '';
  return { title: decodeEntities(title).trim(), description: decodeEntities(desc).trim(), language: lang };
}

/** Absolute http(s) links of a page. */
export function htmlLinks(html: string, base: string): string[] {
  const out = new Set<string>();
  const re = /<a\b[^>]*href=["']([^"'#]+)(?:#[^"']*)?["']/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html))) {
    try {
      const u = new URL(decodeEntities(m[1]), base);
      if (u.protocol === 'http:' || u.protocol === 'https:') {
        u.hash = '';
        out.add(u.toString());
      }
    } catch {
      /* skip */
    }
  }
  return [...out];
}
