package dev.rigger.template;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.objects.SafeString;
import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * First resolver in the chain: attribute access on an {@link Undefined} yields it again, a missing dict key yields an
 * {@link Undefined} naming the key (Jinjava would give null), and Python's string methods work on strings.
 */
final class AnsibleELResolver extends ELResolver {

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        if (base instanceof Undefined) {
            context.setPropertyResolved(true);
            return base;
        }
        if (base instanceof com.hubspot.jinjava.util.ForLoop loop
                && ("previtem".equals(property) || "nextitem".equals(property))) {
            context.setPropertyResolved(true);
            return ForElseTag.neighbour(loop, property.toString());
        }
        if ((base instanceof String || base instanceof SafeString) && property != null
                && property.toString().matches("-?\\d+")) {
            String str = base.toString();
            int i = Integer.parseInt(property.toString());
            int at = i < 0 ? str.length() + i : i;
            context.setPropertyResolved(true);
            if (at < 0 || at >= str.length()) {
                throw RenderState.fail("string index out of range: " + i);
            }
            return String.valueOf(str.charAt(at));
        }
        if (base instanceof Map.Entry<?, ?> en && property != null && property.toString().matches("-?\\d+")) {
            // dict.items() yields Jinjava's entries, which Python sees as (key, value) tuples
            int i = Integer.parseInt(property.toString());
            context.setPropertyResolved(true);
            return switch (i) {
                case 0, -2 -> read(en.getKey());
                case 1, -1 -> read(en.getValue());
                default -> throw RenderState.fail("tuple index out of range");
            };
        }
        if (base instanceof Map<?, ?> m && property != null) {
            if (m.containsKey(property)) {
                context.setPropertyResolved(true);
                return read(m.get(property));
            }
            String key = property.toString();
            if (m.containsKey(key)) {
                context.setPropertyResolved(true);
                return read(m.get(key));
            }
            if (m.isEmpty() || m.keySet().iterator().next() instanceof String) {
                context.setPropertyResolved(true);
                return Undefined.attribute(base, key);
            }
        }
        return null;
    }

    /** A value read out of a container that was not marked itself (hostvars, vars, a merged dict) may be unsafe. */
    private static Object read(Object value) {
        RenderState state = RenderState.current();
        return state == null ? value : state.read(value);
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (base instanceof Undefined u) {
            throw u.fail();
        }
        if (base instanceof String || base instanceof SafeString) {
            String name = String.valueOf(method);
            Object r = stringMethod(base.toString(), name, params == null ? new Object[0] : params);
            if (r != NO_METHOD) {
                context.setPropertyResolved(true);
                return r;
            }
        }
        if (base instanceof List<?> || base instanceof Map<?, ?>) {
            Object r = PyCollectionMethods.invoke(base, String.valueOf(method), params == null ? new Object[0] : params);
            if (r != PyCollectionMethods.NONE) {
                context.setPropertyResolved(true);
                return r;
            }
        }
        return null;
    }

    private static final Object NO_METHOD = new Object();

    private static Object stringMethod(String s, String name, Object[] args) {
        switch (name) {
            case "upper":
                return s.toUpperCase(Locale.ROOT);
            case "lower":
                return s.toLowerCase(Locale.ROOT);
            case "capitalize":
                return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
            case "title":
                return TextFilters.title(s);
            case "swapcase": {
                StringBuilder sb = new StringBuilder();
                for (char c : s.toCharArray()) {
                    sb.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
                }
                return sb.toString();
            }
            case "startswith":
            case "endswith": {
                List<Object> prefixes = args[0] instanceof List<?> || args[0] instanceof Object[] ? Py.asList(args[0])
                        : List.of(args[0]);
                for (Object p : prefixes) {
                    if (name.equals("startswith") ? s.startsWith(Py.str(p)) : s.endsWith(Py.str(p))) {
                        return true;
                    }
                }
                return false;
            }
            case "strip":
                return TextFilters.strip(s, args.length > 0 && args[0] != null ? Py.str(args[0]) : null, true, true);
            case "lstrip":
                return TextFilters.strip(s, args.length > 0 && args[0] != null ? Py.str(args[0]) : null, true, false);
            case "rstrip":
                return TextFilters.strip(s, args.length > 0 && args[0] != null ? Py.str(args[0]) : null, false, true);
            case "split":
                return split(s, args.length > 0 ? args[0] : null, args.length > 1 ? ((Number) args[1]).intValue() : -1);
            case "rsplit": {
                if (args.length < 2 || ((Number) args[1]).intValue() < 0) {
                    return split(s, args.length > 0 ? args[0] : null, -1);
                }
                List<Object> rev = split(new StringBuilder(s).reverse().toString(),
                        args[0] == null ? null : new StringBuilder(Py.str(args[0])).reverse().toString(),
                        ((Number) args[1]).intValue());
                List<Object> out = new ArrayList<>();
                for (int i = rev.size() - 1; i >= 0; i--) {
                    out.add(new StringBuilder((String) rev.get(i)).reverse().toString());
                }
                return out;
            }
            case "splitlines":
                return TextFilters.splitlines(s);
            case "replace": {
                String from = Py.str(args[0]);
                String to = Py.str(args[1]);
                int count = args.length > 2 ? ((Number) args[2]).intValue() : -1;
                if (count < 0) {
                    return s.replace(from, to);
                }
                String out = s;
                StringBuilder sb = new StringBuilder();
                int at = 0;
                for (int i = 0; i < count; i++) {
                    int j = out.indexOf(from, at);
                    if (j < 0) {
                        break;
                    }
                    sb.append(out, at, j).append(to);
                    at = j + from.length();
                }
                return sb.append(out.substring(at)).toString();
            }
            case "find":
                return (long) s.indexOf(Py.str(args[0]));
            case "rfind":
                return (long) s.lastIndexOf(Py.str(args[0]));
            case "index": {
                int i = s.indexOf(Py.str(args[0]));
                if (i < 0) {
                    throw RenderState.fail("substring not found: " + Py.repr(args[0]));
                }
                return (long) i;
            }
            case "count": {
                String sub = Py.str(args[0]);
                if (sub.isEmpty()) {
                    return (long) s.length() + 1;
                }
                long n = 0;
                for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
                    n++;
                }
                return n;
            }
            case "join": {
                StringBuilder sb = new StringBuilder();
                boolean first = true;
                for (Object o : Py.asList(args[0])) {
                    if (!first) {
                        sb.append(s);
                    }
                    first = false;
                    sb.append(Py.str(o));
                }
                return sb.toString();
            }
            case "isdigit":
                return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isalpha":
                return !s.isEmpty() && s.chars().allMatch(Character::isLetter);
            case "isalnum":
                return !s.isEmpty() && s.chars().allMatch(Character::isLetterOrDigit);
            case "isspace":
                return !s.isEmpty() && s.chars().allMatch(Character::isWhitespace);
            case "islower":
                return s.chars().anyMatch(Character::isLetter) && s.equals(s.toLowerCase(Locale.ROOT));
            case "isupper":
                return s.chars().anyMatch(Character::isLetter) && s.equals(s.toUpperCase(Locale.ROOT));
            case "zfill": {
                int w = ((Number) args[0]).intValue();
                if (s.length() >= w) {
                    return s;
                }
                boolean sign = s.startsWith("-") || s.startsWith("+");
                String pad = "0".repeat(w - s.length());
                return sign ? s.charAt(0) + pad + s.substring(1) : pad + s;
            }
            case "ljust":
            case "rjust":
            case "center": {
                int w = ((Number) args[0]).intValue();
                String fill = args.length > 1 ? Py.str(args[1]) : " ";
                if (s.length() >= w) {
                    return s;
                }
                int total = w - s.length();
                if (name.equals("ljust")) {
                    return s + fill.repeat(total);
                }
                if (name.equals("rjust")) {
                    return fill.repeat(total) + s;
                }
                int left = total / 2 + (total & w & 1);
                return fill.repeat(left) + s + fill.repeat(total - left);
            }
            case "format":
                return format(s, args);
            case "encode":
            case "decode":
                return s;
            default:
                return NO_METHOD;
        }
    }

    static List<Object> split(String s, Object sepArg, int max) {
        List<Object> out = new ArrayList<>();
        if (sepArg == null) {
            String t = s.strip();
            if (t.isEmpty()) {
                return out;
            }
            String[] parts = max < 0 ? t.split("\\s+") : t.split("\\s+", max + 1);
            Collections.addAll(out, parts);
            return out;
        }
        String sep = Py.str(sepArg);
        if (sep.isEmpty()) {
            throw RenderState.fail("empty separator");
        }
        int at = 0;
        while (max < 0 || out.size() < max) {
            int j = s.indexOf(sep, at);
            if (j < 0) {
                break;
            }
            out.add(s.substring(at, j));
            at = j + sep.length();
        }
        out.add(s.substring(at));
        return out;
    }

    private static final Pattern FIELD = Pattern.compile("\\{\\{|\\}\\}|\\{([^{}:!]*)(![rsa])?(?::([^{}]*))?\\}");

    /** Python's str.format with positional and named fields; format specs: width, alignment, fill, precision. */
    static String format(String fmt, Object[] args) {
        List<Object> positional = new ArrayList<>();
        Map<String, Object> named = new java.util.HashMap<>();
        for (Object a : args) {
            if (a instanceof NamedParameter np) {
                named.put(np.getName(), np.getValue());
            } else {
                positional.add(a);
            }
        }
        Matcher m = FIELD.matcher(fmt);
        StringBuilder sb = new StringBuilder();
        int auto = 0;
        while (m.find()) {
            String tok = m.group();
            String rep;
            if (tok.equals("{{")) {
                rep = "{";
            } else if (tok.equals("}}")) {
                rep = "}";
            } else {
                String field = m.group(1).trim();
                Object v;
                if (field.isEmpty()) {
                    v = positional.get(auto++);
                } else if (field.chars().allMatch(Character::isDigit)) {
                    v = positional.get(Integer.parseInt(field));
                } else {
                    v = named.get(field);
                }
                String conv = m.group(2);
                rep = TextFilters.pyFormatSpec(conv != null && conv.equals("!r") ? Py.repr(v) : v, m.group(3));
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(rep));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // not writable here; later resolvers handle writes
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return false;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return base instanceof Undefined ? Object.class : null;
    }
}
