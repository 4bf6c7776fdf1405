package dev.claudebottle.supervise.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** supervise-domain is pure: the JDK, routes-core and jakarta.inject, nothing else. */
class DomainPurityTest {
    private static final JavaClasses DOMAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.claudebottle.supervise");

    static final ArchRule ONLY_JDK_ROUTES_CORE_AND_INJECT = classes()
            .that().resideInAPackage("dev.claudebottle.supervise..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "java..", "dev.claudebottle.supervise..", "dev.claudebottle.routes..", "jakarta.inject..");

    static final ArchRule APPLICATION_DOES_NOT_KNOW_SPECIFIC_TOOLS = classes()
            .that().resideInAPackage("dev.claudebottle.supervise.application..")
            .should().onlyDependOnClassesThat().resideOutsideOfPackage("dev.claudebottle.supervise.tool.egressproxy..");

    @Test
    void dependsOnlyOnTheJdkRoutesCoreAndJakartaInject() {
        ONLY_JDK_ROUTES_CORE_AND_INJECT.check(DOMAIN);
    }

    @Test
    void useCasesWorkWithAnyRegisteredTool() {
        APPLICATION_DOES_NOT_KNOW_SPECIFIC_TOOLS.check(DOMAIN);
    }
}
