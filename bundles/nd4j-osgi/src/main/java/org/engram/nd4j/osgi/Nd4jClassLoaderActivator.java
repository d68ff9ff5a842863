package org.engram.nd4j.osgi;

import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.factory.Nd4j;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Points ND4J's backend lookup at this bundle's class loader before anyone touches {@code Nd4j}.
 *
 * <p>{@code ND4JClassLoading} captures the thread context class loader when it first loads and
 * {@code Nd4jBackend.load()} searches {@code META-INF/services} through it. On a framework or SCR thread
 * that loader is the launcher's, which sees none of the embedded jars, so the first {@code Nd4j} call fails
 * with {@code NoAvailableBackendException} (STACK.md §2). The class literal does not run {@code Nd4j}'s
 * static initialiser, so starting this bundle stays cheap: the natives load on first use.
 */
public final class Nd4jClassLoaderActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        ND4JClassLoading.setNd4jClassloader(Nd4j.class.getClassLoader());
    }

    @Override
    public void stop(BundleContext context) {
        // ND4J's native state lives as long as the class loader; there is nothing to undo here.
    }
}
