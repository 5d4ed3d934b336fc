package dev.rigger.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.tag.ForTag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.tree.parse.TagToken;
import com.hubspot.jinjava.util.ObjectIterator;
import java.util.LinkedList;
import java.util.List;

/**
 * Jinja2's {@code for}: iterating an undefined value is an error, and {@code {% for %}...{% else %}...{% endfor %}}
 * renders the else part only when the loop ran zero times (Jinjava renders it on every iteration).
 */
final class ForElseTag extends ForTag {
    private static final long serialVersionUID = 1L;

    @Override
    public String renderForCollection(TagNode tagNode, JinjavaInterpreter interpreter, List<String> loopVars,
            Object collection) {
        if (collection instanceof Undefined u) {
            throw u.fail();
        }
        LinkedList<Node> children = tagNode.getChildren();
        int elseAt = -1;
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i) instanceof TagNode tn && "else".equals(tn.getName())) {
                elseAt = i;
                break;
            }
        }
        if (elseAt < 0) {
            return super.renderForCollection(tagNode, interpreter, loopVars, collection);
        }
        if (ObjectIterator.getLoop(collection).hasNext()) {
            TagNode body = new TagNode(this, (TagToken) tagNode.getMaster(),
                    interpreter.getConfig().getTokenScannerSymbols());
            body.setChildren(new LinkedList<>(children.subList(0, elseAt)));
            return super.renderForCollection(body, interpreter, loopVars, collection);
        }
        StringBuilder sb = new StringBuilder();
        try (JinjavaInterpreter.InterpreterScopeClosable c = interpreter.enterScope()) {
            for (Node n : children.subList(elseAt + 1, children.size())) {
                sb.append(n.render(interpreter).getValue());
            }
        }
        return sb.toString();
    }
}
