package dev.rigger.template;

import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import com.hubspot.jinjava.el.TruthyTypeConverter;
import com.hubspot.jinjava.el.ext.AdditionOperator;
import com.hubspot.jinjava.el.ext.ExtendedParser;
import com.hubspot.jinjava.el.ext.PowerOfOperator;
import com.hubspot.jinjava.el.ext.TruncDivOperator;
import java.math.BigInteger;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.misc.NumberOperations;
import jinjava.de.odysseus.el.misc.TypeConverter;
import jinjava.de.odysseus.el.tree.TreeStore;
import jinjava.de.odysseus.el.tree.impl.Builder;
import jinjava.de.odysseus.el.tree.impl.Cache;
import jinjava.de.odysseus.el.tree.impl.Parser;
import jinjava.de.odysseus.el.tree.impl.ast.AstBinary;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.javax.el.ExpressionFactory;

/**
 * Python's integers in Jinja expressions: {@code + - * // % **} on integers never overflow (Jinjava's EL wraps a
 * long around: {@code 2**62 + 2**62} gave a negative number, {@code 10**20} gave 2^63-1), integer literals of any
 * size parse, {@code //} and {@code %} floor as Python's do. Results that fit a long stay longs. An integer larger
 * than {@link #MAX_BITS} bits is an error naming that limit. Everything else keeps Jinjava's meaning.
 */
final class PyArithmetic {
    /** The largest integer a template may compute: 2^20 bits (about 315,000 decimal digits). */
    static final int MAX_BITS = 1 << 20;

    private PyArithmetic() {
    }

    /** The expression factory Jinjava should use: its own parser, with these operators. */
    static ExpressionFactory factory() {
        // Jinjava's own factory uses the default (JEE 6) profile: method invocations and varargs on
        return new ExpressionFactoryImpl(new TreeStore(new PyBuilder(Builder.Feature.METHOD_INVOCATIONS,
                Builder.Feature.VARARGS), new Cache(1000)), new TruthyTypeConverter());
    }

    /**
     * Jinjava builds its expression factory (the EL parser and its operators) in its constructor and offers no
     * setting for it; Python's integer arithmetic needs our parser, so the field is replaced once, here.
     */
    static void install(com.hubspot.jinjava.Jinjava jinjava) {
        try {
            java.lang.reflect.Field f = com.hubspot.jinjava.Jinjava.class.getDeclaredField("expressionFactory");
            f.setAccessible(true);
            f.set(jinjava, factory());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this Jinjava version does not let rigger set its expression parser ("
                    + e + "): rigger needs Jinjava " + "2.8.x", e);
        }
    }

    static boolean isInt(Object o) {
        return o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte
                || o instanceof BigInteger;
    }

    private static BigInteger big(Object o) {
        return o instanceof BigInteger b ? b : BigInteger.valueOf(((Number) o).longValue());
    }

    /** A long when it fits; an error naming the limit when it is too large. */
    static Number narrow(BigInteger v) {
        if (v.bitLength() < 64) {
            return v.longValue();
        }
        if (v.bitLength() > MAX_BITS) {
            throw tooLarge();
        }
        return v;
    }

    private static TemplateException tooLarge() {
        return RenderState.fail("integer result larger than 2**" + MAX_BITS + ", rigger's limit for an integer in a"
                + " template");
    }

    private static BigInteger divisor(Object b) {
        BigInteger d = big(b);
        if (d.signum() == 0) {
            throw RenderState.fail("integer division or modulo by zero");
        }
        return d;
    }

    /**
     * Python's {@code range(stop)} / {@code range(start, stop[, step])}: a list computed on demand, so that
     * {@code range(10**9) | length} answers at once (Jinjava's range stops silently at a fixed count). More than
     * 2^31-1 items is an error naming the limit.
     */
    public static java.util.List<Long> range(Object... args) {
        if (args == null || args.length == 0 || args.length > 3) {
            throw RenderState.fail("range expected 1 to 3 arguments, got " + (args == null ? 0 : args.length));
        }
        long[] v = new long[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = Py.unwrap(args[i]);
            if (a instanceof Undefined u) {
                throw u.fail();
            }
            if (!isInt(a) || a instanceof BigInteger b && b.bitLength() >= 64) {
                throw RenderState.fail("range() takes integers that fit in 64 bits, not " + Py.repr(a));
            }
            v[i] = ((Number) a).longValue();
        }
        long start = args.length == 1 ? 0 : v[0];
        long stop = args.length == 1 ? v[0] : v[1];
        long step = args.length == 3 ? v[2] : 1;
        if (step == 0) {
            throw RenderState.fail("range() arg 3 must not be zero");
        }
        BigInteger span = BigInteger.valueOf(stop).subtract(BigInteger.valueOf(start));
        BigInteger n = step > 0 ? span.add(BigInteger.valueOf(step - 1)).divide(BigInteger.valueOf(step))
                : span.add(BigInteger.valueOf(step + 1)).divide(BigInteger.valueOf(step));
        if (n.signum() <= 0) {
            n = BigInteger.ZERO;
        }
        if (n.bitLength() > 31) {
            throw RenderState.fail("range() of " + n + " items is more than " + Integer.MAX_VALUE
                    + ", rigger's limit for a list in a template");
        }
        int size = n.intValue();
        return new PyRange(start, step, size);
    }

    private static final class PyRange extends java.util.AbstractList<Long> implements java.util.RandomAccess {
        private final long start;
        private final long step;
        private final int size;

        PyRange(long start, long step, int size) {
            this.start = start;
            this.step = step;
            this.size = size;
        }

        @Override
        public Long get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException("range object index out of range");
            }
            return start + step * index;
        }

        @Override
        public int size() {
            return size;
        }
    }

    static final class PyBuilder extends ExtendedSyntaxBuilder {
        private static final long serialVersionUID = 1L;

        PyBuilder(Builder.Feature... features) {
            super(features);
        }

        @Override
        protected Parser createParser(String expression) {
            return new PyParser(this, expression);
        }
    }

    private static final class PyParser extends ExtendedParser {
        PyParser(Builder context, String input) {
            super(context, input);
            putExtensionHandler(TruncDivOperator.TOKEN, handler(FLOOR_DIV));
            putExtensionHandler(PowerOfOperator.TOKEN, handler(POW));
            putExtensionHandler(com.hubspot.jinjava.el.ext.StringConcatOperator.TOKEN, PyOperators.CONCAT_HANDLER);
        }

        private static ExtensionHandler handler(AstBinary.Operator op) {
            return new ExtensionHandler(ExtensionPoint.MUL) {
                @Override
                public AstNode createAstNode(AstNode... children) {
                    return new AstBinary(children[0], children[1], op);
                }
            };
        }

        @Override
        protected Number parseInteger(String string) throws ParseException {
            try {
                return Long.valueOf(string);
            } catch (NumberFormatException e) {
                return narrow(new BigInteger(string));
            }
        }

        @Override
        protected jinjava.de.odysseus.el.tree.impl.ast.AstUnary createAstUnary(AstNode child,
                jinjava.de.odysseus.el.tree.impl.ast.AstUnary.Operator op) {
            return super.createAstUnary(child, op == jinjava.de.odysseus.el.tree.impl.ast.AstUnary.NOT
                    ? PyOperators.NOT : op);
        }

        @Override
        protected jinjava.de.odysseus.el.tree.impl.ast.AstChoice createAstChoice(AstNode question, AstNode yes,
                AstNode no) {
            return new PyOperators.Choice(question, yes, no);
        }

        @Override
        protected AstBinary createAstBinary(AstNode left, AstNode right, AstBinary.Operator op) {
            AstBinary.Operator py = op == AdditionOperator.OP ? ADD : op == AstBinary.SUB ? SUB
                    : op == AstBinary.MUL ? MUL : op == AstBinary.MOD ? MOD : PyOperators.python(op);
            return super.createAstBinary(left, right, py);
        }
    }

    private static final AstBinary.Operator ADD = new AdditionOperator() {
        @Override
        protected Object apply(TypeConverter converter, Object a, Object b) {
            return isInt(a) && isInt(b) ? narrow(big(a).add(big(b))) : super.apply(converter, a, b);
        }
    };

    private static final AstBinary.Operator SUB = new AstBinary.SimpleOperator() {
        @Override
        protected Object apply(TypeConverter converter, Object a, Object b) {
            return isInt(a) && isInt(b) ? narrow(big(a).subtract(big(b))) : NumberOperations.sub(converter, a, b);
        }
    };

    private static final AstBinary.Operator MUL = new AstBinary.SimpleOperator() {
        @Override
        protected Object apply(TypeConverter converter, Object a, Object b) {
            if (isInt(a) && isInt(b)) {
                if ((long) big(a).bitLength() + big(b).bitLength() > MAX_BITS + 1L) {
                    throw tooLarge();
                }
                return narrow(big(a).multiply(big(b)));
            }
            Object rep = repeat(a, b);
            if (rep == null) {
                rep = repeat(b, a);
            }
            if (rep != null) {
                return rep;
            }
            if (isSequence(a) || isSequence(b)) {
                Object other = isSequence(a) ? b : a;
                if (other instanceof Undefined u) {
                    throw u.fail();
                }
                throw RenderState.fail("can't multiply sequence by non-int of type '" + Py.typeName(other) + "'");
            }
            return NumberOperations.mul(converter, a, b);
        }
    };

    private static boolean isSequence(Object o) {
        Object u = Py.unwrap(o);
        return u instanceof String || u instanceof java.util.List;
    }

    /**
     * Python's sequence repetition, {@code 'ab' * 3} and {@code [1] * 3} (a count below 1 gives an empty one); null
     * when {@code seq} is no string or list or {@code count} no integer (booleans count as 0 and 1, as Python's).
     */
    static Object repeat(Object seq, Object count) {
        Object s = Py.unwrap(seq);
        if (!(s instanceof String || s instanceof java.util.List) || !(isInt(count) || count instanceof Boolean)) {
            return null;
        }
        BigInteger n = count instanceof Boolean bool ? (bool ? BigInteger.ONE : BigInteger.ZERO) : big(count);
        int size = s instanceof String str ? str.length() : ((java.util.List<?>) s).size();
        long times = n.signum() <= 0 ? 0 : n.bitLength() > 31 ? Long.MAX_VALUE : n.longValue();
        if (size > 0 && times > Integer.MAX_VALUE / size) {
            throw RenderState.fail("repeating a " + (s instanceof String ? "string" : "list") + " of " + size
                    + " " + (s instanceof String ? "characters" : "items") + " " + n + " times is more than "
                    + Integer.MAX_VALUE + ", rigger's limit in a template");
        }
        if (s instanceof String str) {
            return str.repeat((int) times);
        }
        java.util.List<?> l = (java.util.List<?>) s;
        java.util.List<Object> out = new java.util.ArrayList<>(size * (int) times);
        for (long i = 0; i < times; i++) {
            out.addAll(l);
        }
        return out;
    }

    private static final AstBinary.Operator MOD = new AstBinary.SimpleOperator() {
        @Override
        protected Object apply(TypeConverter converter, Object a, Object b) {
            if (Py.unwrap(a) instanceof String fmt) {
                return PyPercent.operator(fmt, b); // Python's printf-style formatting: '%s-%d' % ('a', 3)
            }
            if (isInt(a) && isInt(b)) {
                BigInteger d = divisor(b);
                BigInteger r = big(a).mod(d.abs());
                return narrow(d.signum() < 0 && r.signum() != 0 ? r.add(d) : r); // the divisor's sign, as Python
            }
            return NumberOperations.mod(converter, a, b);
        }
    };

    private static final AstBinary.Operator FLOOR_DIV = new TruncDivOperator() {
        @Override
        protected Object apply(TypeConverter converter, Object a, Object b) {
            if (isInt(a) && isInt(b)) {
                BigInteger[] qr = big(a).divideAndRemainder(divisor(b));
                boolean floor = qr[1].signum() != 0 && (qr[1].signum() != big(b).signum());
                return narrow(floor ? qr[0].subtract(BigInteger.ONE) : qr[0]);
            }
            return super.apply(converter, a, b);
        }
    };

    private static final AstBinary.Operator POW = new PowerOfOperator() {
        @Override
        protected Object apply(TypeConverter converter, Object a, Object b) {
            if (isInt(a) && isInt(b) && big(b).signum() < 0) {
                return Math.pow(big(a).doubleValue(), big(b).doubleValue()); // 2 ** -1 is 0.5
            }
            if (isInt(a) && isInt(b)) {
                BigInteger base = big(a);
                BigInteger exp = big(b);
                if (base.abs().compareTo(BigInteger.ONE) <= 0) {
                    return narrow(base.signum() < 0 && exp.testBit(0) ? base : base.signum() == 0
                            ? (exp.signum() == 0 ? BigInteger.ONE : BigInteger.ZERO) : base.abs());
                }
                if (exp.bitLength() > 31 || (long) (base.bitLength() - 1) * exp.longValue() > MAX_BITS) {
                    throw tooLarge();
                }
                return narrow(base.pow(exp.intValue()));
            }
            return super.apply(converter, a, b);
        }
    };
}
