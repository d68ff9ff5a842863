package org.engram.api.param;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Marks a component of a settings record whose type is itself a settings record shared by several
 * plugins (e.g. the optimizer's): its parameters are declared in place, at the same level as the
 * others, as if written out here.
 */
@Documented
@ProviderType
@Retention(RetentionPolicy.RUNTIME)
// METHOD too, for the reason given on Parameter
@Target({ElementType.RECORD_COMPONENT, ElementType.METHOD})
public @interface ParameterGroup {

    /**
     * Defaults this plugin sets differently from the group's own, each {@code name=value} with the value
     * written as in {@link Parameter#defaultValue()}, e.g. {@code "learningRate=1e-4"}.
     */
    String[] defaults() default {};
}
