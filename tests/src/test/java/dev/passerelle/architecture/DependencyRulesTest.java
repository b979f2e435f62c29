package dev.passerelle.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency direction of DESIGN.md section 1: connectors and the mapping store point at the core;
 * the core sees no connector, no store implementation and no JDBC driver; connectors never see each other;
 * only the launcher sees everything.
 */
class DependencyRulesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        // The modules' test-jars (their shared test fixtures) are on this module's classpath too: not production.
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.passerelle");
    }

    @Test
    void theRulesSeeEveryModule() {
        // Guards against vacuous rules: the import must contain the modules the rules speak about.
        org.assertj.core.api.Assertions.assertThat(classes.containPackage("dev.passerelle.core.router")).isTrue();
        org.assertj.core.api.Assertions.assertThat(classes.containPackage("dev.passerelle.mapping")).isTrue();
        org.assertj.core.api.Assertions.assertThat(classes.containPackage("dev.passerelle.deploy")).isTrue();
        org.assertj.core.api.Assertions.assertThat(classes.containPackage("dev.passerelle.connector.dma.mls")).isTrue();
    }

    @Test
    void theMlsImplementationStandsAlone() {
        // It is meant to become a module of its own: nothing of the gateway, not even the core.
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
                .that().resideInAPackage("dev.passerelle.connector.dma.mls..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.passerelle.connector.dma.mls..", "java..",
                        "javax.crypto..", "org.bouncycastle..")
                .check(classes);
    }

    @Test
    void theCoreDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("dev.passerelle.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.passerelle.mapping..",
                        "dev.passerelle.connector..", "dev.passerelle.deploy..")
                .check(classes);
    }

    @Test
    void theCoreUsesNoJdbcDriverOrPool() {
        noClasses().that().resideInAPackage("dev.passerelle.core..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.h2..",
                        "org.postgresql..", "com.zaxxer..", "org.flywaydb..")
                .check(classes);
    }

    @Test
    void theMappingStoreSeesOnlyTheCore() {
        noClasses().that().resideInAPackage("dev.passerelle.mapping..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.passerelle.connector..",
                        "dev.passerelle.deploy..")
                .check(classes);
    }

    @Test
    void connectorsDoNotSeeEachOtherTheStoreOrTheLauncher() {
        for (String connector : new String[] {"xmpp", "matrix", "dma"}) {
            String own = "dev.passerelle.connector." + connector + "..";
            noClasses().that().resideInAPackage(own)
                    .should().dependOnClassesThat().resideInAnyPackage("dev.passerelle.mapping..",
                            "dev.passerelle.deploy..")
                    .allowEmptyShould(true).check(classes);
            for (String other : new String[] {"xmpp", "matrix", "dma"}) {
                if (!other.equals(connector)) {
                    noClasses().that().resideInAPackage(own)
                            .should().dependOnClassesThat().resideInAPackage("dev.passerelle.connector." + other + "..")
                            .allowEmptyShould(true).check(classes);
                }
            }
        }
    }
}
