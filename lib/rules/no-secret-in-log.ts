// PLACEHOLDER: replaced by the rule's real implementation (see issues 2 and 3).
import { createRule } from '../util/create-rule.js';

export default createRule({
  name: 'no-secret-in-log',
  meta: {
    type: 'problem',
    docs: { description: 'TODO', recommended: true },
    schema: [],
    messages: {},
  },
  defaultOptions: [],
  create() {
    return {};
  },
});
