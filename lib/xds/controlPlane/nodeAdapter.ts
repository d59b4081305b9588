import type { NodeInfo as StreamNode } from "../node";
import type { NodeInfo as TranslationNode } from "../translate/types";

/**
 * The stream layer's node (parsed from the xDS Node message) as the translator sees it: the two were
 * written separately, and the translator keeps the client kind under `capabilities` so that more
 * capability facts can join it later.
 */
export function translationNode(node: StreamNode): TranslationNode {
  const out: TranslationNode = { id: node.id, capabilities: { client: node.client } };
  if (node.service !== undefined) out.service = node.service;
  return out;
}
