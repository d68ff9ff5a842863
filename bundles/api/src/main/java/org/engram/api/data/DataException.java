package org.engram.api.data;

import org.osgi.annotation.versioning.ProviderType;

/** Data that cannot be read, with a message that names the file, the problem and the fix. */
@ProviderType
public class DataException extends Exception {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
