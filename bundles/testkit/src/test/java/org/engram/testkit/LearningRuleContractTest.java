package org.engram.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInput;
import java.io.DataOutput;
import java.util.List;
import org.engram.api.EngramRule;
import org.engram.api.network.Window;
import org.engram.api.param.Parameter;
import org.engram.api.param.ParameterDescriptor;
import org.engram.api.param.ParameterSet;
import org.engram.api.rule.LearningRule;
import org.junit.jupiter.api.Test;
import org.osgi.service.component.annotations.Component;

/** The rule suite against rules that each break one promise: it must fail exactly the check for that promise. */
class LearningRuleContractTest {

    @Test
    void aWellBehavedRulePassesEveryCheck() {
        SuiteRunner.assertFailures(SampleRuleContractTest.class);
    }

    @Test
    void aWellBehavedCheckpointableRulePassesEveryCheck() {
        SuiteRunner.assertFailures(SampleMomentumRuleContractTest.class);
    }

    @Test
    void aCheckpointWithoutTheVelocityFailsTheRoundTripCheck() {
        SuiteRunner.assertFailures(Forgetful.class, "checkpointRoundTripIsBitIdentical");
    }

    @Test
    void readingLessThanWasWrittenFailsTheRoundTripCheck() {
        SuiteRunner.assertFailures(ShortReading.class, "checkpointRoundTripIsBitIdentical");
    }

    @Test
    void aRuleThatIsNotAComponentFailsTheRegistrationCheck() {
        SuiteRunner.assertFailures(Unregistered.class, "isAComponentThatProvidesLearningRuleUnderItsName");
    }

    @Test
    void aParameterWithoutADescriptionFailsTheDescriptionCheck() {
        SuiteRunner.assertFailures(Undescribed.class, "describesItselfAndItsParameters");
    }

    @Test
    void weightsThatOverflowFailTheFiniteCheck() {
        SuiteRunner.assertFailures(Exploding.class, "learningChangesTheWeightsKeepsThemFiniteAndOnlyReadsTheWindow");
    }

    @Test
    void writingIntoTheWindowFailsTheReadOnlyCheck() {
        SuiteRunner.assertFailures(WindowWriting.class, "learningChangesTheWeightsKeepsThemFiniteAndOnlyReadsTheWindow");
    }

    @Test
    void stateInTheRuleServiceFailsTheSharedStateCheck() {
        SuiteRunner.assertFailures(SharedState.class, "learnersOfOneRuleShareNoState");
    }

    @Test
    void sharedStateIsNamedAsTheCauseOfSideBySideTrialsDiffering() {
        String message = SuiteRunner.failureMessage(SharedState.class, "learnersOfOneRuleShareNoState");
        assertTrue(message.contains("state is shared between trials"), message);
    }

    @Test
    void unseededRandomnessFailsTheSeedChecksAndIsNamedAsTheCause() {
        SuiteRunner.assertFailures(Unseeded.class, "sameSeedGivesBitIdenticalWeights", "learnersOfOneRuleShareNoState");
        String message = SuiteRunner.failureMessage(Unseeded.class, "learnersOfOneRuleShareNoState");
        assertTrue(message.contains("randomness that the seed does not determine"), message);
        assertTrue(!message.contains("state is shared between trials"), message);
    }

    @Test
    void allocatingInLearnFailsTheAllocationCheck() {
        SuiteRunner.assertFailures(Allocating.class, "learnDoesNotAllocateOnceWarmedUp");
    }

    // ---- the broken rules, each registered as a component unless that is the fault ----

    public static final class UnregisteredRule extends ReadoutRule {
    }

    @Component(service = LearningRule.class)
    @EngramRule("undescribed")
    public static final class UndescribedRule extends ReadoutRule {
        record Settings(
                @Parameter(defaultValue = "0.05", min = 0.0, max = 10.0,
                        description = " ")
                double learningRate) {
        }

        @Override
        public List<ParameterDescriptor> parameters() {
            return ParameterSet.of(Settings.class).descriptors();
        }
    }

    @Component(service = LearningRule.class)
    @EngramRule("exploding")
    public static final class ExplodingRule extends ReadoutRule {
        @Override
        double scale(double learningRate) {
            return 1e300;
        }
    }

    @Component(service = LearningRule.class)
    @EngramRule("window-writing")
    public static final class WindowWritingRule extends ReadoutRule {
        @Override
        void afterLearn(Window window) {
            window.inputs()[0] = 0;
        }
    }

    /** Counts steps in the service object, so trials running side by side see each other's counts. */
    @Component(service = LearningRule.class)
    @EngramRule("shared-state")
    public static final class SharedStateRule extends ReadoutRule {
        private long steps;

        @Override
        double scale(double learningRate) {
            return learningRate * (1 + steps++ % 2);
        }
    }

    /** Bends each step by a draw the trial's seed does not determine. */
    @Component(service = LearningRule.class)
    @EngramRule("unseeded")
    public static final class UnseededRule extends ReadoutRule {
        @Override
        double scale(double learningRate) {
            return learningRate * (1 + java.util.concurrent.ThreadLocalRandom.current().nextDouble());
        }
    }

    @Component(service = LearningRule.class)
    @EngramRule("allocating")
    public static final class AllocatingRule extends ReadoutRule {
        volatile Object garbage;

        @Override
        void afterLearn(Window window) {
            garbage = new double[4];
        }
    }

    /** Saves nothing: a resumed learner starts with zero velocity. */
    @Component(service = LearningRule.class)
    @EngramRule("forgetful")
    public static final class ForgetfulRule extends MomentumRule {
        @Override
        void save(MomentumLearner learner, DataOutput out) {
        }

        @Override
        void load(MomentumLearner learner, DataInput in) {
        }
    }

    /** Restores the velocity but leaves a trailing value unread: reader and writer disagree. */
    @Component(service = LearningRule.class)
    @EngramRule("short-reading")
    public static final class ShortReadingRule extends MomentumRule {
        @Override
        void save(MomentumLearner learner, DataOutput out) throws java.io.IOException {
            super.save(learner, out);
            out.writeDouble(0.0);
        }
    }

    static final class Forgetful extends LearningRuleContract {
        @Override
        protected LearningRule rule() {
            return new ForgetfulRule();
        }
    }

    static final class ShortReading extends LearningRuleContract {
        @Override
        protected LearningRule rule() {
            return new ShortReadingRule();
        }
    }

    static final class Unregistered extends LearningRuleContract {
        @Override
        protected LearningRule rule() {
            return new UnregisteredRule();
        }
    }

    static final class Undescribed extends LearningRuleContract {
        @Override
        protected LearningRule rule() {
            return new UndescribedRule();
        }
    }

    static final class Exploding extends LearningRuleContract {
        @Override
        protected LearningRule rule() {
            return new ExplodingRule();
        }
    }

    static final class WindowWriting extends LearningRuleContract {
        @Override
        protected LearningRule rule() {
            return new WindowWritingRule();
        }
    }

    static final class SharedState extends LearningRuleContract {
        @Override
        protected LearningRule rule() {
            return new SharedStateRule();
        }
    }

    static final class Unseeded extends LearningRuleContract {
        @Override
        protected LearningRule rule() {
            return new UnseededRule();
        }
    }

    static final class Allocating extends LearningRuleContract {
        @Override
        protected LearningRule rule() {
            return new AllocatingRule();
        }
    }
}
