package org.engram.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;

/**
 * Bytes allocated by the current thread, from HotSpot's {@code com.sun.management.ThreadMXBean}, and
 * the "does not allocate once warmed up" check the suites share. The bean is reached reflectively
 * through its public interface so the testkit bundle does not import {@code com.sun.management},
 * which OSGi frameworks do not export by default. A plugin's own test measures its hot path with
 * {@link #allocatedBy} and sets its own bound.
 */
public final class Allocations {

    /** One allocation per call would be at least 16 bytes times the calls; this margin covers the counter itself. */
    static final long ALLOWED_BYTES = 4_096;

    private final Object bean = ManagementFactory.getThreadMXBean();
    private final Method method;

    private Allocations() {
        Method found = find(bean.getClass());
        if (found == null) {
            fail("this JVM does not count allocated bytes per thread (com.sun.management.ThreadMXBean)");
        }
        method = found;
        for (int i = 0; i < 100; i++) { // let reflection settle on its final accessor before measuring
            allocatedBytes();
        }
    }

    /**
     * Runs {@code warmUp} calls (growing buffers, class loading, JIT), then {@code calls} more, and fails
     * if those allocated more than {@link #ALLOWED_BYTES}.
     */
    static void assertNoAllocation(String what, int warmUp, int calls, IntRunnable call) {
        long allocated = measure(warmUp, calls, call);
        assertTrue(allocated < ALLOWED_BYTES, calls + " calls of " + what + " allocated " + allocated
                + " bytes once warmed up; the hot path must reuse its buffers");
    }

    /**
     * The bytes the current thread allocates in {@code calls} calls of {@code call}, after {@code warmUp} calls
     * that are not counted (growing buffers, class loading, JIT): near zero for a hot path that reuses its buffers,
     * at least 16 bytes per call for one that allocates.
     */
    public static long allocatedBy(int warmUp, int calls, Runnable call) {
        return measure(warmUp, calls, i -> call.run());
    }

    private static long measure(int warmUp, int calls, IntRunnable call) {
        Allocations counter = new Allocations();
        for (int i = 0; i < warmUp; i++) {
            call.run(i);
        }
        long before = counter.allocatedBytes();
        for (int i = 0; i < calls; i++) {
            call.run(warmUp + i);
        }
        return counter.allocatedBytes() - before;
    }

    /** One call of the code under test; {@code i} counts the calls from 0. */
    @FunctionalInterface
    interface IntRunnable {
        void run(int i);
    }

    private static Method find(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type.getName().equals("com.sun.management.ThreadMXBean")) {
            try {
                return type.getMethod("getCurrentThreadAllocatedBytes");
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
        for (Class<?> i : type.getInterfaces()) {
            Method m = find(i);
            if (m != null) {
                return m;
            }
        }
        return find(type.getSuperclass());
    }

    long allocatedBytes() {
        try {
            return (Long) method.invoke(bean);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot read allocated bytes", e);
        }
    }
}
