/** A strict XML checker for the tests of what the SVG export writes (`@archboard/shared/testing`). */

const SVG_TAGS = new Set([
  'svg',
  'title',
  'defs',
  'clipPath',
  'rect',
  'ellipse',
  'marker',
  'polyline',
  'symbol',
  'image',
  'g',
  'use',
  'text',
  'tspan',
  'path',
]);
const ENTITY = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/y;
const FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface XmlElement {
  name: string;
  attributes: Map<string, string>;
  /** The element's own text (entities left as written), direct children's text excluded. */
  text: string;
}

/**
 * A strict XML well-formedness check, enough for what the SVG export writes: one root
 * element; tags balanced and from the SVG subset the export uses (so a `<script>` from a
 * label can never pass); attributes double-quoted, unique, with no `<` and only entity
 * `&`; text with no `<` or `>` and only entity `&`; no comments, CDATA, processing
 * instructions or doctypes; no character XML 1.0 forbids. Throws on the first fault and
 * returns the elements in document order.
 */
export function checkXml(xml: string): XmlElement[] {
  const forbidden = FORBIDDEN.exec(xml);
  if (forbidden) throw new Error(`character U+${forbidden[0].charCodeAt(0).toString(16)} at ${forbidden.index}`);
  const open = /<([A-Za-z][\w:.-]*)((?:\s+[A-Za-z_:][\w:.-]*="[^"]*")*)\s*(\/?)>/y;
  const close = /<\/([A-Za-z][\w:.-]*)>/y;
  const attribute = /([A-Za-z_:][\w:.-]*)="([^"]*)"/g;
  const checkText = (text: string, at: number) => {
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '<' || text[i] === '>') throw new Error(`raw ${text[i]} at ${at + i}`);
      if (text[i] === '&') {
        ENTITY.lastIndex = i;
        if (!ENTITY.test(text)) throw new Error(`bare & at ${at + i}: ${JSON.stringify(text.slice(i, i + 12))}`);
      }
    }
  };
  const stack: XmlElement[] = [];
  const elements: XmlElement[] = [];
  let roots = 0;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    if (stack.length === 0 && text.trim() !== '') throw new Error(`text outside the root element at ${i}`);
    checkText(text, i);
    if (stack.length > 0) stack[stack.length - 1]!.text += text;
    if (lt === -1) break;
    close.lastIndex = lt;
    const closing = close.exec(xml);
    if (closing) {
      const expected = stack.pop();
      if (expected?.name !== closing[1]) throw new Error(`</${closing[1]}> closes <${expected?.name}> at ${lt}`);
      i = close.lastIndex;
      continue;
    }
    open.lastIndex = lt;
    const opening = open.exec(xml);
    if (!opening) throw new Error(`a < that begins no element at ${lt}: ${JSON.stringify(xml.slice(lt, lt + 40))}`);
    const name = opening[1]!;
    if (!SVG_TAGS.has(name)) throw new Error(`unexpected element <${name}> at ${lt}`);
    if (stack.length === 0 && ++roots > 1) throw new Error(`a second root element at ${lt}`);
    const attributes = new Map<string, string>();
    for (const [, attrName, attrValue] of opening[2]!.matchAll(attribute)) {
      if (attributes.has(attrName!)) throw new Error(`duplicate attribute ${attrName} on <${name}> at ${lt}`);
      checkText(attrValue!, lt);
      attributes.set(attrName!, attrValue!);
    }
    const element = { name, attributes, text: '' };
    elements.push(element);
    if (opening[3] !== '/') stack.push(element);
    i = open.lastIndex;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.map((e) => e.name).join('>, <')}>`);
  if (roots !== 1) throw new Error('no root element');
  return elements;
}

/** Decodes XML entities in attribute values and text. */
export const unescapeXml = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (named[e]) return named[e];
    return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
