package dev.rigger.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.expression.ExpressionStrategy;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.tree.output.RenderedOutputNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;
import java.util.ArrayList;
import java.util.List;
import jinjava.javax.el.CompositeELResolver;

/**
 * Jinjava set up as Ansible's Jinja, with rigger's filters, tests, functions and tags on {@code globals}, the shared,
 * read-only parent of every render's context. {@link Templar} builds one on first use.
 */
record Engine(Jinjava jinjava, JinjavaConfig config, Context globals) {
    static Engine build() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new AnsibleELResolver());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(false)
                .withFailOnUnknownTokens(false)
                .withNestedInterpretationEnabled(false)
                .withEnableRecursiveMacroCalls(true)
                .withMaxMacroRecursionDepth(100)
                .withRangeLimit(Integer.MAX_VALUE) // range() is PyArithmetic's; this is only for Jinjava's loops
                .withElResolver(resolver)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withIterateOverMapKeys(true)
                        .withUsePyishObjectMapper(true)
                        .withKeepNullableLoopValues(true)
                        .build())
                .build();
        Jinjava jinjava = new Jinjava(config);
        PyArithmetic.install(jinjava);
        jinjava.setResourceLocator(Engine::includedTemplate);
        Context globals = new SharedContext();
        List<ELFunctionDefinition> functions = functions();
        for (ELFunctionDefinition fn : functions) {
            jinjava.getGlobalContext().registerFunction(fn);
            globals.registerFunction(fn);
        }
        for (Filter f : Filters.all()) {
            globals.registerFilter(f);
        }
        for (ExpTest t : Tests.all()) {
            globals.registerExpTest(t);
        }
        for (String name : Tests.STRICT_JINJAVA_TESTS) {
            globals.registerExpTest(Tests.strict(jinjava.getGlobalContext().getExpTest(name)));
        }
        globals.registerTag(new ForElseTag());
        globals.registerTag(new PythonIfTag());
        return new Engine(jinjava, config, globals);
    }

    private static List<ELFunctionDefinition> functions() {
        List<ELFunctionDefinition> fns = new ArrayList<>();
        fns.add(new ELFunctionDefinition("", "lookup", Lookups.class, "lookup", Object.class, Object[].class));
        fns.add(new ELFunctionDefinition("", "query", Lookups.class, "query", Object.class, Object[].class));
        fns.add(new ELFunctionDefinition("", "q", Lookups.class, "query", Object.class, Object[].class));
        fns.add(new ELFunctionDefinition("", "dict", Lookups.class, "dict", Object[].class));
        fns.add(new ELFunctionDefinition("", "range", PyArithmetic.class, "range", Object[].class));
        fns.add(new ELFunctionDefinition("", Preprocessor.RAW_FUNCTION, Preprocessor.class, "raw", String.class));
        fns.add(new ELFunctionDefinition("", Slices.SLICE_FUNCTION, Slices.class, "slice", Object.class,
                Object.class, Object.class, Object.class));
        return fns;
    }

    /** {@code {% include %}}/{@code {% import %}}: found like the template lookup, and preprocessed. */
    private static String includedTemplate(String name, java.nio.charset.Charset cs, JinjavaInterpreter interp)
            throws java.io.IOException {
        java.nio.file.Path p = Lookups.find(RenderState.current(), "templates", name);
        if (p == null) {
            throw new java.io.FileNotFoundException("template '" + name + "' not found (searched "
                    + Lookups.searchDirs(RenderState.current(), "templates") + ")");
        }
        return Preprocessor.template(java.nio.file.Files.readString(p, cs), false);
    }

    /** Prints expression results as Python's str() would; printing an undefined value is an error. */
    static final class PythonOutput implements ExpressionStrategy {
        private static final long serialVersionUID = 1L;

        @Override
        public RenderedOutputNode interpretOutput(ExpressionToken master, JinjavaInterpreter interpreter) {
            Object v = interpreter.resolveELExpression(master.getExpr(), master.getLineNumber());
            if (v instanceof Undefined u) {
                throw u.fail();
            }
            // Ansible's finalize prints None as an empty string
            return new RenderedOutputNode(v == null ? "" : Py.str(v));
        }
    }

    /** The shared parent of every render's context: holds the libraries; ignores the bookkeeping children push up. */
    private static final class SharedContext extends Context {
        SharedContext() {
            super(null, null, null, true);
        }

        @Override
        public void addResolvedExpression(String expression) {
            // shared between threads: nothing is recorded here
        }

        @Override
        public void addResolvedValue(String value) {
            // shared between threads: nothing is recorded here
        }

        @Override
        public void addResolvedFunction(String function) {
            // shared between threads: nothing is recorded here
        }

        @Override
        public Filter getFilter(String name) {
            Filter f = super.getFilter(name);
            if (f == null) {
                throw RenderState.fail("no filter named '" + name + "'");
            }
            return f;
        }

        @Override
        public ExpTest getExpTest(String name) {
            ExpTest t = super.getExpTest(name);
            if (t == null) {
                throw RenderState.fail("no test named '" + name + "'");
            }
            return t;
        }
    }
}
