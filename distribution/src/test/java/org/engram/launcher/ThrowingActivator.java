package org.engram.launcher;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** A plugin whose activator fails, for the launcher's "a bad plugin never takes the others down". */
public class ThrowingActivator implements BundleActivator {

    static final String MESSAGE = "broken on purpose";

    @Override
    public void start(BundleContext context) {
        throw new IllegalStateException(MESSAGE);
    }

    @Override
    public void stop(BundleContext context) {
        // never started
    }
}
