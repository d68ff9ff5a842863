package org.engram.compute.java;

import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import org.engram.api.compute.ComputeBackend;
import org.engram.api.param.Parameters;
import org.engram.testkit.ComputeBackendContract;
import org.junit.jupiter.api.AfterEach;

/** The backend contract for a trial's view on two threads, whose large products are split over them. */
class JavaTrialViewContractTest extends ComputeBackendContract {

    private final List<ComputeBackend> views = new ArrayList<>();

    @Override
    protected ComputeBackend backend() {
        JavaComputeBackend java = new JavaComputeBackend();
        ComputeBackend view = java.forTrial(Parameters.resolve("backend 'java'", java.parameters(), Map.of("threads", 0)), 2);
        views.add(view);
        return view;
    }

    @AfterEach
    void closeViews() {
        views.forEach(ComputeBackend::close);
    }
}
