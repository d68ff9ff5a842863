package org.engram.api.param;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A plugin's parameters, declared once as a record whose components carry {@link Parameter} (or
 * {@link ParameterGroup}): the descriptors the engine checks values against, {@code engram describe}
 * prints and provenance records come from the record, and resolved values are read back into it, typed.
 * Immutable; make one per settings type and keep it in a constant.
 *
 * <pre>{@code
 * record Settings(@Parameter(defaultValue = "0.01", min = 0, max = 1, description = "step size") double rate) {}
 * static final ParameterSet<Settings> SETTINGS = ParameterSet.of(Settings.class);
 *
 * public List<ParameterDescriptor> parameters() { return SETTINGS.descriptors(); }
 * public Learner create(Network network, Parameters parameters, TrialContext context) {
 *     Settings settings = SETTINGS.read(parameters);
 *     ...
 * }
 * }</pre>
 *
 * @param <T> the settings record
 */
@ProviderType
public final class ParameterSet<T extends Record> {

    private final Class<T> type;
    private final Constructor<T> constructor;
    /** Per record component, in order: a {@link Leaf} or a nested {@code ParameterSet}. */
    private final List<Object> components;
    private final List<ParameterDescriptor> descriptors;
    /** Defaults set by {@link #withDefault}, by parameter name, as written. */
    private final Map<String, String> defaultOverrides;

    private ParameterSet(Class<T> type, Constructor<T> constructor, List<Object> components, List<ParameterDescriptor> descriptors,
            Map<String, String> defaultOverrides) {
        this.type = type;
        this.constructor = constructor;
        this.components = components;
        this.descriptors = descriptors;
        this.defaultOverrides = defaultOverrides;
    }

    /** One declared parameter: its descriptor and the Java type of its record component. */
    private record Leaf(ParameterDescriptor descriptor, Class<?> javaType) {
    }

    /**
     * Reads the declaration of a settings record.
     *
     * @throws IllegalArgumentException naming the record component and the fix when the declaration is wrong:
     *                                  a component without {@link Parameter}, a type a parameter cannot have,
     *                                  a default that does not convert or is out of range, a name declared twice
     */
    public static <T extends Record> ParameterSet<T> of(Class<T> type) {
        return requireDistinctNames(declare(type, Map.of()));
    }

    /**
     * The same declaration with another default for one of its own (not a group's) parameters, for a component
     * that serves several plugins whose defaults differ by an instance value, e.g. {@code folder = data/<name>}.
     *
     * @param value written as in {@link Parameter#defaultValue()}
     * @throws IllegalArgumentException for an unknown name or a value that does not fit the parameter
     */
    public ParameterSet<T> withDefault(String name, String value) {
        Map<String, String> overrides = new LinkedHashMap<>(defaultOverrides);
        overrides.put(name, value);
        return requireDistinctNames(declare(type, overrides));
    }

    private static <T extends Record> ParameterSet<T> requireDistinctNames(ParameterSet<T> set) {
        Class<T> type = set.type;
        Map<String, ParameterDescriptor> seen = new LinkedHashMap<>();
        for (ParameterDescriptor d : set.descriptors) {
            if (seen.put(d.name(), d) != null) {
                throw new IllegalArgumentException(type.getName() + " declares parameter '" + d.name()
                        + "' twice (a group declares it too); rename one");
            }
        }
        return set;
    }

    private static <T extends Record> ParameterSet<T> declare(Class<T> type, Map<String, String> defaultOverrides) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record; declare parameters as components of a record");
        }
        RecordComponent[] parts = type.getRecordComponents();
        List<Object> components = new ArrayList<>(parts.length);
        List<ParameterDescriptor> descriptors = new ArrayList<>();
        Map<String, String> unused = new LinkedHashMap<>(defaultOverrides);
        for (RecordComponent part : parts) {
            Parameter parameter = part.getAnnotation(Parameter.class);
            ParameterGroup group = part.getAnnotation(ParameterGroup.class);
            String where = type.getName() + "." + part.getName();
            if (group != null && parameter == null) {
                if (!part.getType().isRecord()) {
                    throw new IllegalArgumentException(where + " is a @ParameterGroup but its type " + part.getType().getName()
                            + " is not a record");
                }
                ParameterSet<?> nested = declare(part.getType().asSubclass(Record.class), overrides(where, group.defaults()));
                components.add(nested);
                descriptors.addAll(nested.descriptors);
            } else if (parameter != null && group == null) {
                String raw = unused.containsKey(part.getName()) ? unused.remove(part.getName()) : parameter.defaultValue();
                Leaf leaf = new Leaf(descriptor(where, part.getName(), part.getType(), parameter, raw), part.getType());
                components.add(leaf);
                descriptors.add(leaf.descriptor());
            } else {
                throw new IllegalArgumentException(where + " needs exactly one of @Parameter (a parameter) or "
                        + "@ParameterGroup (a record of shared parameters)");
            }
        }
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException(type.getName() + " has no parameter " + unused.keySet()
                    + " to set a default for; it declares " + descriptors.stream().map(ParameterDescriptor::name).toList());
        }
        Class<?>[] signature = Arrays.stream(parts).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Constructor<T> constructor = type.getDeclaredConstructor(signature);
            // a settings record is usually package-private in the plugin's bundle
            constructor.setAccessible(true);
            return new ParameterSet<>(type, constructor, List.copyOf(components), List.copyOf(descriptors),
                    Map.copyOf(defaultOverrides));
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type.getName() + " has no canonical constructor", e);
        }
    }

    private static Map<String, String> overrides(String where, String[] pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException(where + ": default '" + pair + "' is not name=value, e.g. learningRate=1e-4");
            }
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }

    private static ParameterDescriptor descriptor(String where, String name, Class<?> javaType, Parameter p, String raw) {
        ParameterType kind = kindOf(where, javaType, p);
        List<String> choices = choicesOf(javaType, p);
        boolean numeric = kind == ParameterType.INTEGER || kind == ParameterType.REAL || kind == ParameterType.INTEGER_LIST
                || kind == ParameterType.REAL_LIST;
        Double min = Double.isInfinite(p.min()) ? null : p.min();
        Double max = Double.isInfinite(p.max()) ? null : p.max();
        if (!numeric && (min != null || max != null)) {
            throw new IllegalArgumentException(where + " is not a number; remove min and max");
        }
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException(where + " has min " + min + " above max " + max);
        }
        // the raw text first, then the value it converts to: a wrong default fails here, at declaration
        ParameterDescriptor check = new ParameterDescriptor(name, kind, raw, min, max, choices, p.description());
        Object defaultValue;
        try {
            defaultValue = check.coerce(kind == ParameterType.INTEGER_LIST || kind == ParameterType.REAL_LIST ? list(raw) : raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": the default '" + raw + "' does not fit: " + e.getMessage(), e);
        }
        return new ParameterDescriptor(name, kind, defaultValue, min, max, choices, p.description());
    }

    private static List<String> list(String raw) {
        return raw.isBlank() ? List.of() : Arrays.stream(raw.split(",")).map(String::trim).toList();
    }

    private static ParameterType kindOf(String where, Class<?> t, Parameter p) {
        if (t == int.class || t == long.class) {
            return ParameterType.INTEGER;
        } else if (t == double.class) {
            return ParameterType.REAL;
        } else if (t == boolean.class) {
            return ParameterType.BOOLEAN;
        } else if (t == String.class) {
            return p.choices().length > 0 ? ParameterType.CHOICE : ParameterType.TEXT;
        } else if (t.isEnum()) {
            if (p.choices().length > 0) {
                throw new IllegalArgumentException(where + " is an enum: its constants are the choices; remove choices");
            }
            return ParameterType.CHOICE;
        } else if (t == int[].class || t == long[].class) {
            return ParameterType.INTEGER_LIST;
        } else if (t == double[].class) {
            return ParameterType.REAL_LIST;
        }
        throw new IllegalArgumentException(where + " has type " + t.getName() + ", which a parameter cannot have; use int, "
                + "long, double, boolean, String, an enum, int[], long[] or double[]");
    }

    private static List<String> choicesOf(Class<?> t, Parameter p) {
        if (t.isEnum()) {
            return Arrays.stream(t.getEnumConstants()).map(e -> ((Enum<?>) e).name()).toList();
        }
        return List.of(p.choices());
    }

    /** The record this set declares. */
    public Class<T> type() {
        return type;
    }

    /** What the plugin returns from {@code parameters()}: one descriptor per parameter, in declaration order. */
    public List<ParameterDescriptor> descriptors() {
        return descriptors;
    }

    /** The settings with every parameter at its default. */
    public T defaults() {
        return read(Parameters.defaults(descriptors));
    }

    /**
     * Checks the given values as the engine does and reads them: a shortcut for tests and tools.
     *
     * @throws InvalidParametersException as {@link Parameters#resolve}
     */
    public T resolve(String owner, Map<String, ?> given) {
        return read(Parameters.resolve(owner, descriptors, given));
    }

    /**
     * The resolved values as the settings record.
     *
     * @param resolved the plugin's parameters as the engine resolved them against {@link #descriptors()}
     * @throws IllegalArgumentException when {@code resolved} lacks a declared parameter (it was resolved
     *                                  against other descriptors), or the record's constructor refuses the values
     */
    public T read(Parameters resolved) {
        Objects.requireNonNull(resolved, "resolved");
        Object[] args = new Object[components.size()];
        for (int i = 0; i < args.length; i++) {
            Object c = components.get(i);
            if (c instanceof ParameterSet<?> nested) {
                args[i] = nested.read(resolved);
            } else {
                Leaf leaf = (Leaf) c;
                String name = leaf.descriptor().name();
                Object value = resolved.asMap().get(name);
                if (value == null) {
                    throw new IllegalArgumentException("no parameter '" + name + "' among " + resolved.asMap().keySet()
                            + "; resolve the parameters against " + type.getSimpleName() + "'s descriptors");
                }
                args[i] = convert(value, leaf.javaType());
            }
        }
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalArgumentException(type.getName() + " refused " + resolved, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    /** From the canonical value {@link ParameterDescriptor#coerce} gives to the record component's type. */
    private static Object convert(Object value, Class<?> t) {
        if (t == int.class) {
            return Math.toIntExact((Long) value);
        } else if (t == long.class) {
            return value;
        } else if (t == double.class) {
            return ((Number) value).doubleValue();
        } else if (t.isEnum()) {
            for (Object constant : t.getEnumConstants()) {
                if (((Enum<?>) constant).name().equalsIgnoreCase(value.toString())) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("'" + value + "' is not a " + t.getSimpleName());
        } else if (t == int[].class) {
            return ((List<?>) value).stream().mapToInt(v -> Math.toIntExact((Long) v)).toArray();
        } else if (t == long[].class) {
            return ((List<?>) value).stream().mapToLong(v -> (Long) v).toArray();
        } else if (t == double[].class) {
            return ((List<?>) value).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
        }
        return value; // boolean, String
    }

    @Override
    public String toString() {
        return type.getSimpleName() + descriptors.stream().map(ParameterDescriptor::name).toList();
    }
}
