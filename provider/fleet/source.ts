import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/**
 * A fleet file as YAML with positions: the plain data the loader walks, and where each key is
 * written, so a problem found in a merged entry points back to the line a reviewer has to change.
 */
export type YamlPath = readonly (string | number)[];

export interface Position {
  line: number;
  column: number;
}

export interface FleetSource {
  file: string;
  /** The document as plain data (maps, lists, scalars). */
  data: unknown;
  /** YAML syntax errors (duplicate keys, bad indentation), with their positions. */
  syntax: { message: string; position: Position }[];
  /** Where the key at `path` is written (a list item: the item), or undefined when it is absent. */
  positionOf(path: YamlPath): Position | undefined;
}

export function readSource(text: string, file: string): FleetSource {
  const lineCounter = new LineCounter();
  // uniqueKeys (the default) makes a repeated entry a syntax error instead of a silent overwrite.
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const syntax = doc.errors.map((e) => ({
    message: e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
    position: at(e.pos[0]),
  }));

  function positionOf(path: YamlPath): Position | undefined {
    let node: unknown = doc.contents;
    let offset: number | undefined = (doc.contents as Node | null)?.range?.[0];
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && keyOf(p.key) === String(segment));
        if (!pair) return undefined;
        offset = (pair.key as Node | null)?.range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (!item) return undefined;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else {
        return undefined;
      }
    }
    return offset === undefined ? undefined : at(offset);
  }

  return { file, data: syntax.length ? undefined : doc.toJS({ maxAliasCount: 100 }), syntax, positionOf };
}

function keyOf(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return key === null || key === undefined ? undefined : String(key);
}
