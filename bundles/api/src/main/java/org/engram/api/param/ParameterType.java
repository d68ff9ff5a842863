package org.engram.api.param;

import org.osgi.annotation.versioning.ProviderType;

/** The value types a plugin parameter may have. */
@ProviderType
public enum ParameterType {
    /** A {@code long}-range whole number, read with {@link Parameters#getInt}. */
    INTEGER,
    /** A real number, read with {@link Parameters#getDouble}. */
    REAL,
    BOOLEAN,
    TEXT,
    /** One of a fixed list of words, read with {@link Parameters#getString} or {@link Parameters#getEnum}. */
    CHOICE,
    /** A list of whole numbers. */
    INTEGER_LIST,
    /** A list of real numbers. */
    REAL_LIST
}
