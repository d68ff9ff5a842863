package org.engram.api.param;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Declares one plugin parameter on a component of a settings record; {@link ParameterSet#of} derives the
 * {@link ParameterDescriptor} from it and reads resolved values back into the record. The component's
 * name is the parameter's name and its Java type the parameter's type: {@code int}/{@code long} a whole
 * number, {@code double} a real, {@code boolean}, {@code String} (a choice when {@link #choices} are given),
 * an enum (a choice among its constants), {@code int[]}/{@code long[]} and {@code double[]} lists.
 *
 * <pre>{@code
 * record Settings(
 *         @Parameter(defaultValue = "0.01", min = 0, max = 1, description = "step size, per sample") double rate,
 *         @Parameter(defaultValue = "ADAMW", description = "the optimizer") Kind optimizer) {}
 * }</pre>
 */
@Documented
@ProviderType
@Retention(RetentionPolicy.RUNTIME)
// METHOD too: javac then copies the annotation onto the record's accessor, where bnd 7.1 sees it and imports this
// package; it does not read the record attribute, and a bundle whose only use of this package is the annotation
// (a shared group such as the optimizer's settings) would otherwise not import it and lose the annotation at run time
@Target({ElementType.RECORD_COMPONENT, ElementType.METHOD})
public @interface Parameter {

    /**
     * The value used when a study does not set it, written as in a study file: {@code "0.5"}, {@code "8"},
     * {@code "true"}, {@code "ADAMW"}, a list as {@code "16, 32"} (empty for an empty list). It is checked
     * against the type and the range when the declaration is read, so a wrong default fails at once.
     */
    String defaultValue();

    /** What it means, with its unit; {@code engram describe} prints it. */
    String description();

    /** Inclusive lower bound for numbers and list elements; none by default. */
    double min() default Double.NEGATIVE_INFINITY;

    /** Inclusive upper bound for numbers and list elements; none by default. */
    double max() default Double.POSITIVE_INFINITY;

    /** The allowed words of a {@code String} parameter, matched ignoring case; for an enum its constants are taken. */
    String[] choices() default {};
}
