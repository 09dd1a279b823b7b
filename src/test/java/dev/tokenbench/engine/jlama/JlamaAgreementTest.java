package dev.tokenbench.engine.jlama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tokenbench.agreement.Agreement;
import dev.tokenbench.agreement.AgreementCheck;
import dev.tokenbench.engine.EngineException;
import dev.tokenbench.model.TemporaryModelCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * jlama's agreement with djl-pytorch on tiny at F32: in this JVM when it runs Jlama (the jlama-test execution), and
 * from a Java 17-20 JVM through a child JVM on a Java 21+ java (the default test execution, when the build has the
 * engine and the machine a JDK 21+).
 */
@ExtendWith(TemporaryModelCache.class)
class JlamaAgreementTest {

    private static final Agreement ALL_AGREE = new Agreement("tiny", "f32", 32, 24, "jlama", "djl-pytorch", 24, 24, 1.0, null, null);

    @Test
    void vsDjl_inThisJvm_everyIdAgreesOnTiny() throws EngineException {
        assumeTrue(JlamaRuntime.problemOfThisJvm().isEmpty(), () -> JlamaRuntime.problemOfThisJvm().orElse(""));
        assertThat(AgreementCheck.vsDjl("jlama", "tiny", "f32", 32, 24)).isEqualTo(ALL_AGREE);
    }

    @Test
    void vsDjl_fromAJvmThatCannotRunJlama_runsInAChildJvmOnAJava21PlusJava() throws EngineException {
        assumeTrue(JlamaRuntime.engineBuilt(), "this build has no jlama engine (built without a JDK 21+)");
        assumeTrue(JlamaRuntime.problemOfThisJvm().isPresent(), "this JVM runs Jlama itself");
        boolean found;
        try {
            JlamaRuntime.forkJava();
            found = true;
        } catch (IllegalArgumentException e) {
            found = false;
        }
        assumeTrue(found, "no Java 21+ JVM on this machine");
        assertThat(AgreementCheck.vsDjl("jlama", "tiny", "f32", 32, 24)).isEqualTo(ALL_AGREE);
    }
}
