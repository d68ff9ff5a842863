package org.engram.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.annotation.versioning.ProviderType;
import org.osgi.service.component.annotations.ComponentPropertyType;

/** Stamps the service property {@code engram.connectivity=<name>} on a connectivity plugin component. */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@ProviderType
public @interface EngramConnectivity {
    /** The name users pick the plugin by, e.g. {@code conv2d} in a study file. */
    String value();
}
