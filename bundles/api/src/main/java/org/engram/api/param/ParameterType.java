package org.engram.api.param;

import org.osgi.annotation.versioning.ProviderType;

/** The value types a plugin parameter may have; {@link ParameterSet} derives each from a record component's Java type. */
@ProviderType
public enum ParameterType {
    /** A {@code long}-range whole number: an {@code int} or {@code long} component. */
    INTEGER,
    /** A real number: a {@code double} component. */
    REAL,
    BOOLEAN,
    TEXT,
    /** One of a fixed list of words: an enum component, or a {@code String} one with {@link Parameter#choices()}. */
    CHOICE,
    /** A list of whole numbers: an {@code int[]} or {@code long[]} component. */
    INTEGER_LIST,
    /** A list of real numbers: a {@code double[]} component. */
    REAL_LIST
}
