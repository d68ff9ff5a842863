package org.engram.api.param;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One parameter of a plugin: name, type, default, allowed range or choices, and what it means. A plugin does
 * not write these: {@link ParameterSet} derives them from the {@link Parameter} annotations of its settings record.
 *
 * @param name         the key used in study files, e.g. {@code gamma}
 * @param type         its value type
 * @param defaultValue the value used when the study does not set it; never null
 * @param min          inclusive lower bound for numbers (and list elements), or null
 * @param max          inclusive upper bound for numbers (and list elements), or null
 * @param choices      the allowed words for {@link ParameterType#CHOICE}, else empty
 * @param description  what it means, with its unit
 */
@ProviderType
public record ParameterDescriptor(String name, ParameterType type, Object defaultValue, Double min, Double max,
        List<String> choices, String description) {

    public ParameterDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue of " + name);
        choices = choices == null ? List.of() : List.copyOf(choices);
        description = description == null ? "" : description;
    }

    /**
     * Checks a user-supplied value and converts it to this parameter's canonical Java type
     * ({@code Long}, {@code Double}, {@code Boolean}, {@code String}, {@code List<Long>}, {@code List<Double>}).
     *
     * @throws IllegalArgumentException naming the parameter, the problem and what is allowed
     */
    public Object coerce(Object value) {
        if (value == null) {
            throw new IllegalArgumentException(problem("has no value", "set it or remove the line to use " + defaultValue));
        }
        switch (type) {
            case INTEGER:
                return checkRange(asLong(value));
            case REAL:
                return checkRange(asDouble(value));
            case BOOLEAN:
                if (value instanceof Boolean b) {
                    return b;
                }
                if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                    return Boolean.valueOf(s);
                }
                throw new IllegalArgumentException(problem("must be true or false, got '" + value + "'", "write true or false"));
            case TEXT:
                return value.toString();
            case CHOICE:
                String word = value.toString();
                for (String c : choices) {
                    if (c.equalsIgnoreCase(word)) {
                        return c;
                    }
                }
                throw new IllegalArgumentException(problem("cannot be '" + word + "'", "use one of " + choices));
            case INTEGER_LIST:
            case REAL_LIST:
                List<?> in = value instanceof List<?> l ? l : List.of(value);
                List<Object> out = new ArrayList<>(in.size());
                for (Object o : in) {
                    out.add(type == ParameterType.INTEGER_LIST ? checkRange(asLong(o)) : checkRange(asDouble(o)));
                }
                return List.copyOf(out);
            default:
                throw new AssertionError(type);
        }
    }

    private long asLong(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue())) {
            return n.longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException(problem("must be a whole number, got '" + value + "'", "write e.g. " + example()));
    }

    private double asDouble(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException(problem("must be a number, got '" + value + "'", "write e.g. " + example()));
    }

    private <T extends Number> T checkRange(T v) {
        double d = v.doubleValue();
        if (Double.isNaN(d) || (min != null && d < min) || (max != null && d > max)) {
            throw new IllegalArgumentException(problem("is " + v + ", out of range", "use a value in " + range()));
        }
        return v;
    }

    /** The allowed range as text, e.g. {@code [0, 1]} or {@code [1, ∞)}. */
    public String range() {
        if (type == ParameterType.CHOICE) {
            return choices.toString();
        }
        if (min == null && max == null) {
            return "any";
        }
        return (min == null ? "(-∞" : "[" + fmt(min)) + ", " + (max == null ? "∞)" : fmt(max) + "]");
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private String example() {
        return defaultValue instanceof List<?> l && !l.isEmpty() ? l.get(0).toString() : defaultValue.toString();
    }

    private String problem(String what, String fix) {
        return String.format(Locale.ROOT, "parameter '%s' %s; %s", name, what, fix);
    }
}
