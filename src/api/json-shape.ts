/**
 * Bounds on the shape of client JSON that the service stores and echoes (`inputs`,
 * `prefilled_data`): JSON.parse takes any depth, but JSON.stringify recursed into `inputs` nested
 * 100,000 deep and overflowed the stack (a 500, issue 12). The walk below is iterative, stops at
 * the first bound passed, and visits at most `maxMembers` + 1 values.
 */

/** Levels of objects and arrays, the `inputs` object itself being level 1. */
export const MAX_INPUT_DEPTH = 10;
/** Object keys plus array items, over the whole tree: real places have 5 to 30. */
export const MAX_INPUT_MEMBERS = 500;

export type ShapeViolation = { kind: "depth"; limit: number } | { kind: "members"; limit: number };

/** The first bound `value` passes, or null. */
export function jsonShapeViolation(
  value: unknown,
  maxDepth = MAX_INPUT_DEPTH,
  maxMembers = MAX_INPUT_MEMBERS,
): ShapeViolation | null {
  // Two parallel stacks rather than a [node, depth] pair per node: run on 50,000 jobs' inputs per
  // accepted batch, the pairs were garbage to collect.
  const nodes: unknown[] = [value];
  const depths: number[] = [1];
  let members = 0;
  while (nodes.length > 0) {
    const node = nodes.pop();
    const depth = depths.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth > maxDepth) return { kind: "depth", limit: maxDepth };
    const children = Array.isArray(node) ? node : Object.values(node);
    members += children.length;
    if (members > maxMembers) return { kind: "members", limit: maxMembers };
    for (const child of children) {
      if (child !== null && typeof child === "object") {
        nodes.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return null;
}
