// Autoawait, as in IPython: a line whose value is a Promise is awaited before
// it prints. The line is rewritten so that Node's own top-level await runs it
// (`remove(x)` → `await (remove(x))`, `const d = groupDupes()` → `const d =
// await (groupDupes())`): Node then pauses the prompt while the promise
// runs, Ctrl-C rejects it, and the value is printed (or bound) when it is
// done. `await` on a value that is not a Promise gives the value back, so
// nothing else changes. Node's eval is still the one that runs the line.
import { createRequire } from 'node:module';
import type * as Acorn from 'acorn';

// acorn (the parser Node's REPL itself uses for top-level await) is loaded on the first line, not at start-up.
const load = createRequire(import.meta.url);
let acorn: typeof Acorn | undefined;

interface Node {
  readonly type: string;
  readonly start: number;
  readonly end: number;
}
type Any = Node & Record<string, unknown>;

/** Values that cannot be a Promise: no need to await them. */
const NEVER_PROMISE = new Set([
  'ArrowFunctionExpression', 'FunctionExpression', 'ClassExpression', 'Literal', 'TemplateLiteral',
  'ObjectExpression', 'ArrayExpression', 'AwaitExpression', 'UpdateExpression', 'BinaryExpression', 'UnaryExpression',
]);

/**
 * The rewritten JavaScript, or the input unchanged when nothing in it could be
 * a Promise (or it does not parse). With `print`, the last expression becomes
 * `print(await (…))`: how `.save` keeps what the REPL showed.
 */
export function autoawait(code: string, print?: string): string {
  acorn ??= load('acorn') as typeof Acorn;
  let program: Any;
  try {
    program = acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowAwaitOutsideFunction: true, allowReturnOutsideFunction: false }) as unknown as Any;
  } catch {
    return code;
  }
  const spans: { node: Node; print: boolean }[] = [];
  const wrap = (n: Any | null | undefined): void => {
    if (n !== null && n !== undefined && !NEVER_PROMISE.has(n.type)) spans.push({ node: n, print: false });
  };
  const body = program.body as Any[];
  const lastStatement = body.at(-1);
  if (print !== undefined && lastStatement?.type === 'ExpressionStatement') {
    body.pop();
    // Printed as it is; a Promise awaited first.
    const e = lastStatement.expression as Any;
    spans.push({ node: e, print: true });
  }
  for (const s of body) {
    if (s.type === 'ExpressionStatement') {
      const e = s.expression as Any;
      if (e.type === 'AssignmentExpression' && e.operator === '=') wrap(e.right as Any);
      else if (e.type !== 'AssignmentExpression' && e.type !== 'SequenceExpression') wrap(e);
    } else if (s.type === 'VariableDeclaration') {
      for (const d of s.declarations as Any[]) wrap(d.init as Any | null);
    }
  }
  if (spans.length === 0) return code;
  spans.sort((a, b) => a.node.start - b.node.start);
  let out = '';
  let at = 0;
  for (const { node: n, print: p } of spans) {
    const inner = n.type === 'AwaitExpression' ? code.slice(n.start, n.end) : `await (${code.slice(n.start, n.end)})`;
    out += `${code.slice(at, n.start)}${p ? `${print}(${inner})` : inner}`;
    at = n.end;
  }
  return out + code.slice(at);
}
