/**
 * A small well-formedness check for the markup we generate (SVG): every tag closes, in order,
 * and there is exactly one root element. Returns the problem, or null. Not a full XML parser:
 * enough for markup without comments, CDATA or '>' inside attribute values.
 */
export function xmlProblem(markup: string): string | null {
  const stack: string[] = [];
  let roots = 0;
  const outside = markup.replace(/<[^>]*>/g, '');
  if (/[<>]/.test(outside)) return 'stray < or > in text';
  for (const match of markup.matchAll(/<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<[^>]*>/g)) {
    const [whole, closing, name, , selfClosing] = match;
    if (!name) return `malformed tag ${whole}`;
    if (stack.length === 0) {
      if (closing) return `unexpected </${name}>`;
      roots++;
    }
    if (closing) {
      const open = stack.pop();
      if (open !== name) return `</${name}> closes <${open}>`;
    } else if (!selfClosing) stack.push(name);
  }
  if (stack.length > 0) return `unclosed <${stack.join('>, <')}>`;
  return roots === 1 ? null : `${roots} root elements`;
}
