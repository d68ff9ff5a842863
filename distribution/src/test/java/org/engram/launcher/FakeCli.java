package org.engram.launcher;

import java.util.function.IntConsumer;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;

/**
 * Stands in for the org.engram.cli bundle in launcher tests: takes the launcher's command and
 * answers with the exit code given as its first argument (99 if the second argument was mangled).
 */
public class FakeCli implements BundleActivator {

    static final String SECOND_ARGUMENT = "two words";

    @Override
    public void start(BundleContext context) throws InvalidSyntaxException {
        context.addServiceListener(event -> {
            if (event.getType() == ServiceEvent.REGISTERED) {
                answer(context, event.getServiceReference());
            }
        }, "(&(objectClass=" + IntConsumer.class.getName() + ")(" + Main.LAUNCHER_PROPERTY + "=true))");
    }

    private static void answer(BundleContext context, ServiceReference<?> command) {
        String[] args = (String[]) command.getProperty(Main.ARGS_PROPERTY);
        IntConsumer exit = (IntConsumer) context.getService(command);
        boolean intact = args.length == 2 && SECOND_ARGUMENT.equals(args[1]);
        exit.accept(intact ? Integer.parseInt(args[0]) : 99);
        exit.accept(98); // ignored: only the first answer counts
    }

    @Override
    public void stop(BundleContext context) {
        // the listener goes with the bundle
    }
}
