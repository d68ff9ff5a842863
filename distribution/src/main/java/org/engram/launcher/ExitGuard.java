package org.engram.launcher;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Field;
import java.security.Permission;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleReference;

/**
 * Refuses {@code System.exit} and {@code Runtime.halt} to code that runs in a bundle: a plugin that calls them gets a
 * {@link SecurityException} instead, which fails the trial that made the call (the engine names the plugin), and the
 * study goes on. Only the launcher itself ends the process, once the command has answered and the framework stopped.
 *
 * <p>Java 17 has one means to refuse an exit: a security manager's {@code checkExit}. This one permits everything
 * else, and checks nothing on the hot path (a trial's learning steps never ask it). Java 17 prints a deprecation
 * warning on stderr when one is installed; {@link #install} keeps that warning from the user, who cannot act on it.
 * From Java 24 on the JVM refuses every security manager: then there is no guard, and a plugin's exit ends the
 * process as it would without Engram (docs/architecture.md, "Plugins that end or freeze a run").
 *
 * <p>This is no sandbox: a plugin runs with the user's rights (README, "Security"). The guard catches a plugin that
 * exits by mistake or in a hurry, the way a careless or an old command-line program does.
 */
final class ExitGuard extends SecurityManager {

    private ExitGuard() {
    }

    /**
     * Installs the guard for this JVM, silencing Java's warning about it. Returns whether it is in place: false on a
     * JVM that allows no security manager.
     */
    static boolean install() {
        // Java writes the warning to the stderr the JVM started with, held in a private field of System that the
        // launcher jar's manifest opens (Add-Opens: java.base/java.lang); without it the warning shows, nothing else
        Field initialErr = null;
        PrintStream before = null;
        try {
            initialErr = System.class.getDeclaredField("initialErrStream");
            initialErr.setAccessible(true);
            before = (PrintStream) initialErr.get(null);
            initialErr.set(null, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        } catch (ReflectiveOperationException | RuntimeException e) {
            initialErr = null;
        }
        try {
            System.setSecurityManager(new ExitGuard());
            return true;
        } catch (UnsupportedOperationException | SecurityException e) {
            // Java 18 to 23 without -Djava.security.manager=allow (bin/engram passes it), or Java 24 and newer
            return false;
        } finally {
            if (initialErr != null) {
                try {
                    initialErr.set(null, before);
                } catch (IllegalAccessException e) {
                    // opened above: cannot happen
                }
            }
        }
    }

    @Override
    public void checkExit(int status) {
        Bundle caller = bundleOnStack(getClassContext());
        if (caller != null) {
            throw new SecurityException("bundle " + caller.getSymbolicName() + " " + caller.getVersion() + " called "
                    + "System.exit(" + status + "); Engram does not let a plugin end the process, so the call throws "
                    + "this exception instead");
        }
    }

    @Override
    public void checkPermission(Permission permission) {
        if ("setSecurityManager".equals(permission.getName()) && bundleOnStack(getClassContext()) != null) {
            // else a plugin could remove the guard, then exit
            throw new SecurityException("a bundle may not replace Engram's security manager, which refuses System.exit "
                    + "to plugins");
        }
        // everything else is allowed: the guard is about exits only
    }

    @Override
    public void checkPermission(Permission permission, Object context) {
        checkPermission(permission);
    }

    /** The first bundle (not the framework itself) whose class is on the calling stack, or null. */
    static Bundle bundleOnStack(Class<?>[] stack) {
        for (Class<?> c : stack) {
            if (c.getClassLoader() instanceof BundleReference ref) {
                Bundle b = ref.getBundle();
                if (b != null && b.getBundleId() != 0) {
                    return b;
                }
            }
        }
        return null;
    }
}
