// Environment reads in every spelling the lint rules accept: `process.env.X`, `process.env['X']`,
// `import.meta.env.X`, a const alias of `process.env`, `const { X: alias } = process.env`, `const a = process.env.X`,
// TS wrappers around any of them, and `process.env.X ?? fallback`.
import type { JSCodeshift } from 'jscodeshift';
import { type AnyNode, type AnyPath, memberName, unwrap } from './ast.js';
import { bindingOf, isGlobal } from './bindings.js';

/** The variable name an expression reads from the environment, or undefined. */
export function envVarRead(j: JSCodeshift, path: AnyPath, depth = 0): string | undefined {
  if (depth > 4) return undefined;
  const p = unwrap(path);
  const node = p.node;
  if (node.type === 'LogicalExpression' && (node.operator === '??' || node.operator === '||')) {
    return envVarRead(j, p.get('left') as AnyPath, depth + 1);
  }
  // `${process.env.X}`: the same string.
  if (node.type === 'TemplateLiteral' && node.expressions.length === 1 && node.quasis.every((q: AnyNode) => q.value.cooked === '')) {
    return envVarRead(j, p.get('expressions', 0) as AnyPath, depth + 1);
  }
  if (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') {
    return isEnvObject(j, p.get('object') as AnyPath, depth + 1) ? memberName(node) : undefined;
  }
  if (node.type === 'Identifier') {
    const binding = bindingOf(j, p);
    if (binding?.kind === 'variable') return envVarRead(j, binding.init, depth + 1);
    if (binding?.kind === 'destructured' && isEnvObject(j, binding.init, depth + 1)) return binding.key;
  }
  return undefined;
}

/** `process.env`, `import.meta.env`, or a const alias of either. */
export function isEnvObject(j: JSCodeshift, path: AnyPath, depth = 0): boolean {
  if (depth > 4) return false;
  const p = unwrap(path);
  const node = p.node;
  if ((node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') && memberName(node) === 'env') {
    const object = node.object;
    if (object.type === 'Identifier' && object.name === 'process') return isGlobal(p, 'process') || isProcessImport(j, p.get('object') as AnyPath);
    return object.type === 'MetaProperty' && object.meta.name === 'import' && object.property.name === 'meta';
  }
  if (node.type === 'Identifier') {
    const binding = bindingOf(j, p);
    if (binding?.kind === 'variable') return isEnvObject(j, binding.init, depth + 1);
    if (binding?.kind === 'destructured' && binding.key === 'env') return isProcessObject(j, binding.init);
    if (binding?.kind === 'import') return binding.module.replace(/^node:/, '') === 'process' && binding.imported === 'env';
  }
  return false;
}

function isProcessImport(j: JSCodeshift, path: AnyPath): boolean {
  const binding = bindingOf(j, path);
  return binding?.kind === 'import' && binding.module.replace(/^node:/, '') === 'process' && binding.imported === undefined;
}

function isProcessObject(j: JSCodeshift, path: AnyPath): boolean {
  const p = unwrap(path);
  return p.node.type === 'Identifier' && p.node.name === 'process' && (isGlobal(p, 'process') || isProcessImport(j, p));
}
