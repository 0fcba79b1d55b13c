/**
 * The text of a parsed query: `parseQuery(formatQuery(tree))` gives the tree back. Used to show a
 * query as Lede read it, and by the fuzz tests as the round trip of the parser.
 */
import type { QueryNode } from './ast.ts';

function operand(node: QueryNode): string {
  return node.type === 'and' || node.type === 'or' ? `(${formatQuery(node)})` : formatQuery(node);
}

/** The query text of a tree; the empty string for no tree. */
export function formatQuery(node: QueryNode | null): string {
  if (node === null) return '';
  switch (node.type) {
    case 'word':
      return `${node.title ? 'title:' : ''}${node.text}${node.prefix ? '*' : ''}`;
    case 'phrase':
      return `${node.title ? 'title:' : ''}"${node.text}"`;
    case 'facet':
      return `${node.facet}:"${node.value}"`;
    case 'not':
      return `NOT ${operand(node.child)}`;
    case 'and':
      return node.children.map(operand).join(' AND ');
    case 'or':
      return node.children.map(operand).join(' OR ');
  }
}
