package org.engram.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.engram.api.study.Study;
import org.engram.api.study.StudyTrial;
import org.engram.api.study.TrialStatus;

/** Where each trial of a run folder stands, from its folder alone: for {@code engram status} and the report. */
final class TrialStates {

    private TrialStates() {
    }

    /** @param here this machine's name as markers record it: only here can a marker's process be seen to be gone */
    static List<TrialStatus> read(Study study, Path runFolder, String here) {
        List<TrialStatus> out = new ArrayList<>();
        for (int i = 0; i < study.trials().size(); i++) {
            StudyTrial t = study.trials().get(i);
            Path dir = runFolder.resolve(t.id());
            int epochs = t.spec().epochs();
            if (StudyRun.isDone(runFolder, t)) {
                out.add(new TrialStatus(i, t.id(), TrialStatus.State.DONE, epochs, epochs, "", Map.of()));
                continue;
            }
            int done = lastEpoch(dir.resolve(MetricsCsv.FILE));
            Map<String, String> running = RunningMarker.read(dir);
            TrialStatus.State state;
            String message = "";
            if (!running.isEmpty()) {
                state = TrialStatus.State.RUNNING;
                if (here.equals(running.get("host")) && !alive(running.get("pid"))) {
                    state = TrialStatus.State.INTERRUPTED;
                    message = "its process " + running.get("pid") + " on " + here + " is gone";
                }
            } else if (Files.isRegularFile(dir.resolve(StudyRun.FAILURE))) {
                state = TrialStatus.State.FAILED;
                message = StudyRun.failureReason(t, dir.resolve(StudyRun.FAILURE));
            } else if (Files.exists(dir.resolve(CheckpointFile.FILE)) || Files.exists(dir.resolve(MetricsCsv.FILE))) {
                state = TrialStatus.State.INTERRUPTED;
            } else {
                state = TrialStatus.State.QUEUED;
            }
            out.add(new TrialStatus(i, t.id(), state, done, epochs, message, running));
        }
        return out;
    }

    /** The last epoch a trial's metrics record, 0 when there are none (yet). */
    private static int lastEpoch(Path metrics) {
        if (!Files.isRegularFile(metrics)) {
            return 0;
        }
        try {
            return MetricsCsv.read(metrics).stream().mapToInt(MetricsCsv.Row::epoch).max().orElse(0);
        } catch (IOException | RuntimeException e) {
            // being replaced at this moment, or damaged: the trial's own run will say
            return 0;
        }
    }

    private static boolean alive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true; // not a pid this can check: assume it runs
        }
    }
}
