package dev.rigger.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.tag.ForTag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.tree.parse.TagToken;
import com.hubspot.jinjava.util.ForLoop;
import com.hubspot.jinjava.util.ObjectIterator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import org.apache.commons.lang3.tuple.Pair;

/**
 * Jinja2's {@code for}: iterating an undefined value is an error, a string yields its characters, the loop filter
 * {@code {% for x in l if cond %}} drops items before the loop counts them, {@code loop.previtem} and
 * {@code loop.nextitem} are the neighbouring items (undefined at either end), and
 * {@code {% for %}...{% else %}...{% endfor %}} renders the else part only when the loop ran zero times (Jinjava
 * renders it on every iteration).
 */
final class ForElseTag extends ForTag {
    private static final long serialVersionUID = 1L;

    /** The items of the loops being rendered on this thread, innermost last: what previtem/nextitem read. */
    private static final ThreadLocal<Deque<List<Object>>> ITEMS = ThreadLocal.withInitial(ArrayDeque::new);

    @Override
    public Pair<List<String>, String> getLoopVarsAndExpression(TagToken token) {
        Pair<List<String>, String> p = super.getLoopVarsAndExpression(token);
        String[] split = splitFilter(p.getRight());
        return split == null ? p : Pair.of(p.getLeft(), split[0]);
    }

    /** {@code [iterable, condition]} when {@code expr} ends in a loop filter ({@code l if cond}), else null. */
    static String[] splitFilter(String expr) {
        boolean[] quoted = ExpressionScan.quotedMask(expr);
        int depth = 0;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (quoted[i]) {
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (depth == 0 && expr.startsWith("if", i) && i > 0 && Character.isWhitespace(expr.charAt(i - 1))
                    && i + 2 < expr.length() && Character.isWhitespace(expr.charAt(i + 2))) {
                return new String[] {expr.substring(0, i).trim(), expr.substring(i + 2).trim()};
            }
        }
        return null;
    }

    @Override
    public String renderForCollection(TagNode tagNode, JinjavaInterpreter interpreter, List<String> loopVars,
            Object collection) {
        if (collection instanceof Undefined u) {
            throw u.fail();
        }
        List<Object> items = items(collection);
        String[] filter = splitFilter(super.getLoopVarsAndExpression((TagToken) tagNode.getMaster()).getRight());
        if (filter != null) {
            items = filtered(items, filter[1], tagNode, interpreter, loopVars);
        }
        LinkedList<Node> children = tagNode.getChildren();
        int elseAt = -1;
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i) instanceof TagNode tn && "else".equals(tn.getName())) {
                elseAt = i;
                break;
            }
        }
        if (!items.isEmpty()) {
            TagNode body = tagNode;
            if (elseAt >= 0) {
                body = new TagNode(this, (TagToken) tagNode.getMaster(),
                        interpreter.getConfig().getTokenScannerSymbols());
                body.setChildren(new LinkedList<>(children.subList(0, elseAt)));
            }
            ITEMS.get().push(items);
            try {
                return super.renderForCollection(body, interpreter, loopVars, items);
            } finally {
                ITEMS.get().pop();
            }
        }
        StringBuilder sb = new StringBuilder();
        if (elseAt >= 0) {
            try (JinjavaInterpreter.InterpreterScopeClosable c = interpreter.enterScope()) {
                for (Node n : children.subList(elseAt + 1, children.size())) {
                    sb.append(n.render(interpreter).getValue());
                }
            }
        }
        return sb.toString();
    }

    /** What Jinja iterates: Jinjava's items, but a string's characters. */
    private static List<Object> items(Object collection) {
        Object c = Py.unwrap(collection);
        List<Object> items = new ArrayList<>();
        if (c instanceof String s) {
            s.codePoints().forEach(cp -> items.add(new String(Character.toChars(cp))));
            return items;
        }
        ForLoop it = ObjectIterator.getLoop(collection);
        while (it.hasNext()) {
            items.add(it.next());
        }
        return items;
    }

    private static List<Object> filtered(List<Object> items, String condition, TagNode tagNode,
            JinjavaInterpreter interpreter, List<String> loopVars) {
        List<Object> kept = new ArrayList<>();
        for (Object item : items) {
            try (JinjavaInterpreter.InterpreterScopeClosable c = interpreter.enterScope()) {
                bind(interpreter, loopVars, item);
                if (Py.truthy(interpreter.resolveELExpression(condition, tagNode.getLineNumber()))) {
                    kept.add(item);
                }
            }
        }
        return kept;
    }

    /** The loop variables for one item: the item, or its parts ({@code k, v} over a pair or a list). */
    private static void bind(JinjavaInterpreter interpreter, List<String> loopVars, Object item) {
        if (loopVars.size() == 1) {
            interpreter.getContext().put(loopVars.get(0), item);
            return;
        }
        Object u = Py.unwrap(item);
        List<?> parts = u instanceof Map.Entry<?, ?> e ? java.util.Arrays.asList(e.getKey(), e.getValue())
                : u instanceof List<?> l ? l : List.of();
        if (parts.size() != loopVars.size()) {
            throw RenderState.fail("cannot unpack " + Py.typeName(item) + " into " + loopVars.size() + " loop variables");
        }
        for (int i = 0; i < loopVars.size(); i++) {
            interpreter.getContext().put(loopVars.get(i), parts.get(i));
        }
    }

    /** {@code loop.previtem} (or, for any other property, {@code loop.nextitem}) of the innermost loop. */
    static Object neighbour(ForLoop loop, String property) {
        boolean prev = "previtem".equals(property);
        List<Object> items = ITEMS.get().peek();
        if (items == null || items.size() != loop.getLength()) {
            return new Undefined(property, "'loop' has no attribute '" + property + "'");
        }
        int at = loop.getIndex0() + (prev ? -1 : 1);
        if (at < 0 || at >= items.size()) {
            return new Undefined(property, prev ? "there is no previous item" : "there is no next item");
        }
        return items.get(at);
    }
}
