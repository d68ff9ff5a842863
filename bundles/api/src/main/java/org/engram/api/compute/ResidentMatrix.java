package org.engram.api.compute;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A matrix that a {@link ComputeBackend} holds in its own preferred form (off-heap, in device memory,
 * sparse...), made by {@link ComputeBackend#upload} and multiplied by
 * {@link ComputeBackend#gemv(boolean, double, ResidentMatrix, double[], int, double, double[], int)} without
 * crossing the API again: for a fixed matrix used at every step, such as a reservoir's recurrent weights.
 *
 * <ul>
 * <li><b>Immutable.</b> It holds a copy of the array region it was made from, taken at upload; changing the
 * array afterwards changes nothing. A matrix that changes every step stays a plain array.</li>
 * <li><b>One backend.</b> Only the backend object that made it accepts it; any other refuses it with an
 * {@link IllegalArgumentException}.</li>
 * <li><b>Closing.</b> {@link #close} frees what it holds at once (native or device memory); a closed matrix is
 * refused with an {@link IllegalStateException}. Closing is optional: a matrix that becomes unreachable is
 * freed by its backend when the garbage collector finds it, so an owner without a life cycle of its own (a
 * {@link org.engram.api.memory.Memory}) may simply drop it. It may be used from several threads at once,
 * but must not be closed while a product with it runs.</li>
 * </ul>
 *
 * <p>Backends implement this type, callers only hold it.
 *
 * @since 1.1
 */
@ConsumerType
public interface ResidentMatrix extends AutoCloseable {

    /** Rows m of the matrix as uploaded, [m, n] row-major. */
    int rows();

    /** Columns n of the matrix as uploaded. */
    int columns();

    /** Frees what the matrix holds; closing it again does nothing. Throws nothing. */
    @Override
    void close();
}
