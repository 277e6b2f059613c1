package dev.streamgrad.deploy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of DESIGN.md, checked on the compiled classes of every module (deploy's test class path
 * holds them all): model knows no Kafka and no Avro, serde knows no topology, nothing outside the topology uses
 * {@code dev.streamgrad.topology.internal}, and deploy uses the topology through its public API only.
 */
class ArchitectureTest {
    private static JavaClasses all;

    @BeforeAll
    static void importClasses() {
        all = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.streamgrad");
    }

    @Test
    void modelImportsNoKafkaAndNoAvro() {
        noClasses().that().resideInAPackage("dev.streamgrad.model..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "org.apache.avro..")
                .check(all);
    }

    @Test
    void modelImportsNoOtherModule() {
        noClasses().that().resideInAPackage("dev.streamgrad.model..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.streamgrad.serde..",
                        "dev.streamgrad.topology..", "dev.streamgrad.deploy..")
                .check(all);
    }

    @Test
    void serdeImportsNoTopologyAndNoDeploy() {
        noClasses().that().resideInAPackage("dev.streamgrad.serde..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.streamgrad.topology..",
                        "dev.streamgrad.deploy..")
                .check(all);
    }

    @Test
    void nothingOutsideTheTopologyUsesItsInternals() {
        noClasses().that().resideOutsideOfPackage("dev.streamgrad.topology..")
                .should().dependOnClassesThat().resideInAPackage("dev.streamgrad.topology.internal..")
                .check(all);
    }

    @Test
    void deployUsesOnlyTheTopologysPublicApi() {
        noClasses().that().resideInAPackage("dev.streamgrad.deploy..")
                .should().dependOnClassesThat(DescribedPredicate.describe(
                        "are topology classes that are internal or not public",
                        (JavaClass c) -> c.getPackageName().startsWith("dev.streamgrad.topology")
                                && (c.getPackageName().startsWith("dev.streamgrad.topology.internal")
                                        || !c.getModifiers().contains(JavaModifier.PUBLIC))))
                .check(all);
    }
}
