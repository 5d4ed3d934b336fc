package dev.rigger.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.expression.ExpressionStrategy;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.parse.ExpressionToken;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Renders Jinja the way Ansible 2.14 does, on Jinjava. Thread-safe: build one per run and share it across hosts and
 * threads. Each render gets its own small context on top of a shared, read-only one holding the filters, tests and
 * functions; the variables map is never copied, only looked up.
 */
public final class Templar {
    private final Object engineLock = new Object();
    /** Jinjava with rigger's filters, tests and functions; built on first use (see {@link #engine()}). */
    private volatile Engine engine;
    private final ExpressionStrategy output = new Engine.PythonOutput();
    /** Parsed templates by source; parse trees are only read while rendering, so renders share them. */
    private final Map<String, Node> parsed = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 4096;

    /**
     * A templar. Setting up Jinjava takes a few hundred milliseconds of a cold JVM, so it happens on the first
     * render that needs it: plays whose strings hold no Jinja never pay for it.
     */
    public Templar() {
        // the engine is built by engine()
    }

    private Engine engine() {
        Engine e = engine;
        if (e == null) {
            synchronized (engineLock) {
                e = engine;
                if (e == null) {
                    e = Engine.build();
                    engine = e;
                }
            }
        }
        return e;
    }

    // ------------------------------------------------------------------------------------------------ public API

    /**
     * Renders Jinja in strings, recursively in Map/List values (returns new collections, never mutates input). A
     * string that is exactly one expression {@code "{{ expr }}"} yields the native value; other templated strings
     * render to String, except that a result looking like a list/dict literal or being True/False is converted, as
     * Ansible 2.14 does. Strings without {@code {{ {% {#} are returned unchanged.
     */
    public Object render(Object value, Map<String, Object> vars) {
        return render(value, vars, new java.util.IdentityHashMap<>());
    }

    /** {@code done}: containers rendered so far, so that one shared by YAML aliases is rendered once, and stays shared. */
    private Object render(Object value, Map<String, Object> vars, java.util.IdentityHashMap<Object, Object> done) {
        if (dev.rigger.Unsafe.is(value)) {
            return value; // a rig's output, a lookup's, !unsafe: data, never a template
        }
        if (value instanceof String s) {
            return renderString(s, vars);
        }
        if (!(value instanceof Map || value instanceof List)) {
            return value;
        }
        Object seen = done.get(value);
        if (seen != null) {
            return seen;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            done.put(value, out);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object k = e.getKey() instanceof String ks && isTemplate(ks) && !dev.rigger.Unsafe.is(ks)
                        ? render(ks, vars, done) : e.getKey();
                out.put(String.valueOf(k), render(e.getValue(), vars, done));
            }
            return out;
        }
        List<?> l = (List<?>) value;
        List<Object> out = new ArrayList<>(l.size());
        done.put(value, out);
        for (Object o : l) {
            out.add(render(o, vars, done));
        }
        return out;
    }

    /** The template module: whole-file text, trim_blocks on, lstrip_blocks off, trailing newline kept. */
    public String renderText(String template, Map<String, Object> vars) {
        return withInterpreter(vars, template, interp -> renderTree(interp, template, false));
    }

    /**
     * A bare expression as in {@code when:}, {@code failed_when}, {@code changed_when}, assert {@code that} (braces
     * accepted too), with Ansible truthiness.
     */
    public boolean evaluate(String expression, Map<String, Object> vars) {
        String expr = bare(expression);
        Object v = evaluateExpression(expr, vars);
        return Py.truthy(v);
    }

    /** A bare expression's native value (used for {@code var:} in debug and the like). */
    public Object evaluateExpression(String expression, Map<String, Object> vars) {
        String expr = Preprocessor.expression(bare(expression), false);
        if (expr.isBlank()) {
            throw new TemplateException("empty expression; write a Jinja expression such as 'x is defined'");
        }
        return withInterpreter(vars, expression, interp -> Py.toNative(resolve(interp, expr)));
    }

    /**
     * Checks that {@code source} parses as a Jinja template, without rendering it or looking up any variable
     * (for load-time checks of task arguments, names and loops). Strings without Jinja markers always pass.
     *
     * @throws TemplateException naming the syntax problem and the string
     */
    public void checkSyntax(String source) {
        if (source == null || !isTemplate(source) || dev.rigger.Unsafe.is(source)) {
            return;
        }
        checkDelimiters(source);
        String single = singleExpression(source);
        if (single != null) {
            checkExpression(Preprocessor.expression(single, true), source);
            return;
        }
        withInterpreter(Map.of(), source, interp -> {
            int before = interp.getErrors().size();
            Node root = interp.parse(Preprocessor.template(source, true));
            for (TemplateError e : interp.getErrors().subList(before, interp.getErrors().size())) {
                if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
                    throw withSource(new TemplateException("template syntax error: " + describe(e)), source);
                }
            }
            checkNode(root, source);
            return null;
        });
    }

    /**
     * Checks that {@code expression} parses as a bare Jinja expression (a {@code when:}, {@code failed_when},
     * {@code changed_when} or {@code until} condition), without evaluating it.
     *
     * @throws TemplateException naming the syntax problem and the expression
     */
    public void checkExpressionSyntax(String expression) {
        if (expression == null) {
            return;
        }
        String b = bare(expression);
        if (isTemplate(b)) {
            throw new TemplateException("conditional statements should not include jinja2 templating delimiters"
                    + " such as {{ }} or {% %} inside the condition. Found: " + expression);
        }
        String expr = Preprocessor.expression(b, false);
        if (!expr.isBlank()) {
            checkExpression(expr, expression);
        }
    }

    // ------------------------------------------------------------------------------------------------ internals

    static boolean isTemplate(String s) {
        return TemplateMarkers.isTemplate(s);
    }

    private Object renderString(String s, Map<String, Object> vars) {
        if (!isTemplate(s)) {
            return s;
        }
        String single = singleExpression(s);
        if (single != null) {
            String expr = Preprocessor.expression(single, true);
            return withInterpreter(vars, s, interp -> Py.toNative(resolve(interp, expr)));
        }
        String out = withInterpreter(vars, s, interp -> renderTree(interp, s, true));
        if (out.startsWith("[") || out.startsWith("{")) {
            Optional<Object> lit = LiteralEval.parse(out);
            if (lit.isPresent()) {
                return lit.get() == LiteralEval.NONE ? null : lit.get();
            }
        } else if (out.equals("True")) {
            return Boolean.TRUE;
        } else if (out.equals("False")) {
            return Boolean.FALSE;
        }
        return out;
    }

    /** Every {@code {{}}, {@code {%}} and {@code {#}} is closed, outside quotes. */
    private static void checkDelimiters(String s) {
        int i = 0;
        while (i < s.length() - 1) {
            char c = s.charAt(i);
            char n = s.charAt(i + 1);
            if (c == '{' && (n == '{' || n == '%' || n == '#')) {
                int close;
                if (n == '#') {
                    close = s.indexOf("#}", i + 2);
                } else {
                    close = Preprocessor.findClose(s, i + 2, n == '{' ? '}' : '%');
                }
                if (close < 0) {
                    String want = n == '{' ? "}}" : n == '%' ? "%}" : "#}";
                    throw withSource(new TemplateException("template syntax error: '" + c + n + "' at character "
                            + (i + 1) + " is never closed with '" + want + "'"), s);
                }
                i = close + 2;
            } else {
                i++;
            }
        }
    }

    private void checkNode(Node n, String source) {
        if (n instanceof com.hubspot.jinjava.tree.ExpressionNode e
                && e.getMaster() instanceof ExpressionToken t) {
            checkExpression(t.getExpr(), source);
        } else if (n instanceof com.hubspot.jinjava.tree.TagNode t
                && ("if".equals(t.getName()) || "elif".equals(t.getName()))) {
            checkExpression(t.getHelpers(), source);
        }
        for (Node c : n.getChildren()) {
            checkNode(c, source);
        }
    }

    /** Parses (never evaluates) one expression; names are left to the run. */
    private void checkExpression(String expr, String source) {
        if (expr == null || expr.isBlank()) {
            throw withSource(new TemplateException("template syntax error: an empty expression"), source);
        }
        try {
            engine().jinjava().getExpressionFactory().createValueExpression(new jinjava.de.odysseus.el.util.SimpleContext(),
                    "#{" + expr.strip() + "}", Object.class);
        } catch (jinjava.de.odysseus.el.tree.TreeBuilderException e) {
            String msg = e.getMessage() == null ? "unexpected input" : JinjaMessages.translate(e.getMessage());
            throw withSource(new TemplateException("template syntax error: " + msg), source);
        } catch (RuntimeException e) {
            // an unknown function or filter: found (or not) when the value is rendered
        }
    }

    private String renderTree(JinjavaInterpreter interp, String source, boolean valueContext) {
        String key = (valueContext ? "v" : "t") + source;
        Node root = parsed.get(key);
        if (root == null) {
            int errorsBefore = interp.getErrors().size();
            root = interp.parse(Preprocessor.template(source, valueContext));
            if (interp.getErrors().size() == errorsBefore) {
                if (parsed.size() >= MAX_CACHED) {
                    parsed.clear();
                }
                parsed.put(key, root);
            }
        }
        return interp.render(root);
    }


    private static Object resolve(JinjavaInterpreter interp, String expr) {
        Object v = interp.resolveELExpression(expr, 1);
        if (v instanceof Undefined u) {
            throw u.fail();
        }
        return v;
    }

    /** The expression inside a string that is exactly one {@code {{ ... }}}, or null. */
    static String singleExpression(String s) {
        if (!s.startsWith("{{") || !s.endsWith("}}") || Preprocessor.findClose(s, 2, '}') != s.length() - 2) {
            return null;
        }
        String inner = s.substring(2, s.length() - 2);
        if (inner.startsWith("-")) {
            inner = inner.substring(1);
        }
        if (inner.endsWith("-")) {
            inner = inner.substring(0, inner.length() - 1);
        }
        return inner.strip();
    }

    private static String bare(String expression) {
        String e = expression == null ? "" : expression.strip();
        String single = singleExpression(e);
        return single != null ? single : e;
    }

    private <T> T withInterpreter(Map<String, Object> vars, String source, Function<JinjavaInterpreter, T> body) {
        Map<String, Object> v = vars == null ? Map.of() : vars;
        RenderState outer = RenderState.current();
        RenderState state = new RenderState(this, v, outer != null && outer.vars == v ? outer.resolving
                : new java.util.HashSet<>());
        Engine en = engine();
        Context ctx = new Context(en.globals(), null, null, true);
        ctx.getScope().put(RenderState.KEY, state);
        ctx.setDynamicVariableResolver(name -> lookupVariable(state, name));
        ctx.setExpressionStrategy(output);
        JinjavaInterpreter interp = new JinjavaInterpreter(en.jinjava(), ctx, en.config());
        JinjavaInterpreter.pushCurrent(interp);
        T result;
        try {
            result = body.apply(interp);
        } catch (TemplateException e) {
            throw withSource(state.failure() != null ? state.failure() : e, source);
        } catch (RuntimeException e) {
            if (state.failure() != null) {
                throw withSource(state.failure(), source);
            }
            throw new TemplateException("template error while templating string: "
                    + JinjaMessages.translate(e.getMessage()) + ". String: " + source, e);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
        if (state.failure() != null) {
            throw withSource(state.failure(), source);
        }
        checkErrors(interp, source);
        if (state.tainted()) {
            dev.rigger.Unsafe.mark(result); // what was made of unsafe values is unsafe (as Ansible's wrap_var)
        }
        return result;
    }

    private static TemplateException withSource(TemplateException e, String source) {
        if (source == null || e.getMessage().contains(". String: ")) {
            return e;
        }
        String shown = source.length() > 200 ? source.substring(0, 200) + "..." : source;
        String msg = e.getMessage();
        return new TemplateException(msg + (msg.endsWith(".") ? " String: " : ". String: ") + shown, e.getCause());
    }

    private static void checkErrors(JinjavaInterpreter interp, String source) {
        for (TemplateError e : interp.getErrors()) {
            boolean unknownName = e.getReason() == TemplateError.ErrorReason.UNKNOWN
                    && (e.getItem() == TemplateError.ErrorItem.FILTER
                    || e.getItem() == TemplateError.ErrorItem.EXPRESSION_TEST
                    || e.getItem() == TemplateError.ErrorItem.FUNCTION
                    || e.getItem() == TemplateError.ErrorItem.TAG);
            if (e.getSeverity() == TemplateError.ErrorType.FATAL || unknownName) {
                throw withSource(new TemplateException(describe(e)), source);
            }
        }
    }

    private static String describe(TemplateError e) {
        String msg = e.getMessage() == null ? String.valueOf(e.getReason()) : JinjaMessages.translate(e.getMessage());
        if (e.getReason() == TemplateError.ErrorReason.UNKNOWN) {
            String kind = switch (e.getItem()) {
                case FILTER -> "filter";
                case EXPRESSION_TEST -> "test";
                case FUNCTION -> "function";
                case TAG -> "tag";
                default -> "name";
            };
            String name = e.getFieldName() != null ? e.getFieldName() : msg;
            msg = "no " + kind + " named '" + name.replaceFirst("^(filter|exptest):", "") + "'";
        }
        return e.getLineno() > 0 ? "template error at line " + e.getLineno() + ": " + msg : msg;
    }

    private static Object lookupVariable(RenderState state, String name) {
        if (name.startsWith(Preprocessor.KEYWORD_VAR)) {
            name = name.substring(Preprocessor.KEYWORD_VAR.length());
        }
        JinjavaInterpreter cur = JinjavaInterpreter.getCurrent();
        if (cur != null) {
            for (Context c = cur.getContext(); c != null; c = c.getParent()) {
                if (c.getScope().containsKey(name)) {
                    return null; // set to none in the template itself
                }
            }
        }
        if (state.vars.containsKey(name)) {
            Object value;
            try {
                value = state.vars.get(name); // a lazy view renders here: its error is this render's failure
            } catch (TemplateException e) {
                throw RenderState.fail(e);
            } catch (dev.rigger.RiggerException e) {
                throw RenderState.fail(e.getMessage());
            }
            return state.read(lazilyTemplated(state, name, value));
        }
        return switch (name) {
            case "none", "None" -> null;
            case "true", "True" -> Boolean.TRUE;
            case "false", "False" -> Boolean.FALSE;
            default -> Undefined.variable(name);
        };
    }

    /**
     * Ansible templates a variable's value when a template reads it ({@code b: "{{ a }}"} makes {@code {{ b }}} the
     * value of a). Values without Jinja are returned as they are, without copying.
     */
    private static Object lazilyTemplated(RenderState state, String name, Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean || name.equals("hostvars")
                || name.equals("vars") || !hasTemplate(value)) {
            return value;
        }
        if (!state.resolving.add(name)) {
            throw RenderState.fail("recursive loop detected in template string: variable '" + name
                    + "' refers to itself");
        }
        try {
            return state.templar.render(value, state.vars);
        } catch (TemplateException e) {
            throw RenderState.fail(e);
        } finally {
            state.resolving.remove(name);
        }
    }

    /** True if a string (or a map key) anywhere in {@code value} holds Jinja and is not unsafe. */
    public static boolean hasTemplate(Object value) {
        return TemplateMarkers.hasTemplate(value);
    }
}
