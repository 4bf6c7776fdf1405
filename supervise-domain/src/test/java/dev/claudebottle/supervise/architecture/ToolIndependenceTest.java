package dev.claudebottle.supervise.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The use cases work with whatever tools are registered: none of them knows a particular tool, so
 * adding one is a registration. (The module's purity is architecture-tests' rule.)
 */
class ToolIndependenceTest {
    private static final JavaClasses DOMAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.claudebottle.supervise");

    static final ArchRule USE_CASES_KNOW_NO_PARTICULAR_TOOL = classes()
            .that().resideInAPackage("dev.claudebottle.supervise.application..")
            .should().onlyDependOnClassesThat().resideOutsideOfPackages("dev.claudebottle.tools..", "dev.claudebottle.egress..")
            .because("a new tool must be one registration: its validator, diff and component, in a module of its own");

    @Test
    void useCasesWorkWithAnyRegisteredTool() {
        USE_CASES_KNOW_NO_PARTICULAR_TOOL.check(DOMAIN);
    }
}
