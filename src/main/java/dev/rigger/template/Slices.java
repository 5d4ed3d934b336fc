package dev.rigger.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's slices with a step ({@code 'abc'[::-1]}, {@code x[1:5:2]}), which Jinjava's grammar lacks: the
 * preprocessor rewrites them into a call of {@link #slice}, bound as {@link #SLICE_FUNCTION} by the engine.
 */
final class Slices {
    private Slices() {
    }

    /** The function a slice with a step becomes: {@code x[a:b:c]} is {@code (__rigger_slice(x, a, b, c))}. */
    static final String SLICE_FUNCTION = "__rigger_slice";

    /** {@code x[::-1]}, {@code x[1:5:2]}: Jinjava's parser reads slices without a step only. */
    static String steppedSlices(String e) {
        for (int guard = 0; guard < 20; guard++) {
            boolean[] quoted = ExpressionScan.quotedMask(e);
            boolean changed = false;
            for (int i = 0; i < e.length() && !changed; i++) {
                if (e.charAt(i) != '[' || quoted[i] || i == 0) {
                    continue;
                }
                char before = e.charAt(i - 1);
                if (!(Character.isLetterOrDigit(before) || before == '_' || before == ')' || before == ']'
                        || before == '\'' || before == '"')) {
                    continue; // a list literal
                }
                int close = -1;
                List<Integer> colons = new ArrayList<>();
                int depth = 0;
                for (int k = i + 1; k < e.length(); k++) {
                    char c = e.charAt(k);
                    if (quoted[k]) {
                        continue;
                    }
                    if (c == '[' || c == '(' || c == '{') {
                        depth++;
                    } else if (c == ')' || c == '}') {
                        depth--;
                    } else if (c == ']') {
                        if (depth == 0) {
                            close = k;
                            break;
                        }
                        depth--;
                    } else if (c == ':' && depth == 0) {
                        colons.add(k);
                    }
                }
                if (close < 0 || colons.size() != 2) {
                    continue;
                }
                int start = subscriptOperandStart(e, i);
                if (start < 0) {
                    continue;
                }
                String operand = e.substring(start, i);
                String a = e.substring(i + 1, colons.get(0)).strip();
                String b = e.substring(colons.get(0) + 1, colons.get(1)).strip();
                String c = e.substring(colons.get(1) + 1, close).strip();
                e = e.substring(0, start) + "(" + SLICE_FUNCTION + "(" + operand + ", "
                        + (a.isEmpty() ? "none" : a) + ", " + (b.isEmpty() ? "none" : b) + ", "
                        + (c.isEmpty() ? "none" : c) + "))" + e.substring(close + 1);
                changed = true;
            }
            if (!changed) {
                break;
            }
        }
        return e;
    }

    /** Start of the postfix expression (name, literal, call, subscripts, attributes) ending before {@code end}. */
    private static int subscriptOperandStart(String e, int end) {
        int k = end;
        while (k > 0) {
            int n = ExpressionScan.atomBack(e, k);
            if (n < 0) {
                return -1;
            }
            if (n == k) {
                break;
            }
            k = n;
        }
        return k < end ? k : -1;
    }

    /** Python's {@code seq[start:stop:step]} on a string or a list (none for an omitted part). */
    public static Object slice(Object seq, Object start, Object stop, Object step) {
        Object s = Py.unwrap(seq);
        for (Object o : new Object[] {s, start, stop, step}) {
            if (o instanceof Undefined u) {
                throw u.fail();
            }
        }
        int len;
        if (s instanceof String str) {
            len = str.length();
        } else if (s instanceof List<?> l) {
            len = l.size();
        } else {
            throw RenderState.fail("'" + Py.typeName(s) + "' object is not subscriptable");
        }
        long st = step == null ? 1 : sliceIndex(step);
        if (st == 0) {
            throw RenderState.fail("slice step cannot be zero");
        }
        long lo;
        long hi;
        if (st > 0) {
            lo = start == null ? 0 : clamp(sliceIndex(start), len, 0, len);
            hi = stop == null ? len : clamp(sliceIndex(stop), len, 0, len);
        } else {
            lo = start == null ? len - 1 : clamp(sliceIndex(start), len, -1, len - 1);
            hi = stop == null ? -1 : clamp(sliceIndex(stop), len, -1, len - 1);
        }
        StringBuilder sb = s instanceof String ? new StringBuilder() : null;
        List<Object> out = s instanceof String ? null : new ArrayList<>();
        for (long i = lo; st > 0 ? i < hi : i > hi; i += st) {
            if (sb != null) {
                sb.append(((String) s).charAt((int) i));
            } else {
                out.add(((List<?>) s).get((int) i));
            }
        }
        return sb != null ? sb.toString() : out;
    }

    private static long sliceIndex(Object o) {
        Object v = Py.unwrap(o);
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (!PyArithmetic.isInt(v)) {
            throw RenderState.fail("slice indices must be integers or None or have an __index__ method");
        }
        java.math.BigInteger big = v instanceof java.math.BigInteger bi ? bi : java.math.BigInteger.valueOf(((Number) v).longValue());
        return big.max(java.math.BigInteger.valueOf(Integer.MIN_VALUE)).min(java.math.BigInteger.valueOf(Integer.MAX_VALUE)).longValue();
    }

    /** Python's PySlice_AdjustIndices for one bound. */
    private static long clamp(long i, int len, long low, long high) {
        if (i < 0) {
            i += len;
            return i < 0 ? low : i;
        }
        return Math.min(i, high);
    }
}
