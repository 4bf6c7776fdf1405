package dev.claudebottle.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The production code of every module obeys the rules of ARCHITECTURE.md. */
class HexagonTest {
    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.claudebottle");
    }

    @Test
    void domainKnowsNoAdapterAndAdaptersKnowNoOtherAdapter() {
        HexagonRules.ONION.check(production);
    }

    @Test
    void routesCoreDependsOnlyOnTheJdkJacksonYamlAndTheDiffLibrary() {
        HexagonRules.ROUTES_CORE_IS_PURE.check(production);
    }

    @Test
    void superviseDomainIsPureJava() {
        HexagonRules.SUPERVISE_DOMAIN_IS_PURE.check(production);
    }

    @Test
    void eachAdapterExposesExactlyOnePublicGuiceModule() {
        org.assertj.core.api.Assertions.assertThat(AdapterModules.violations(production, AdapterModules.ADAPTERS)).isEmpty();
    }

    @Test
    void egressProxySharesOnlyRoutesCore() {
        HexagonRules.EGRESS_PROXY_SEES_ONLY_ROUTES_CORE.check(production);
    }

    @Test
    void theEgressProxyContractIsSharedWithoutFrameworks() {
        HexagonRules.EGRESS_CONTRACT_IS_PURE.check(production);
    }

    @Test
    void toolModulesSeeOnlyTheDomainAndContracts() {
        HexagonRules.TOOLS_SEE_ONLY_THE_DOMAIN_AND_CONTRACTS.check(production);
    }

    @Test
    void theCliWritesToTheOperatorOnlyThroughItsOutputBoundary() {
        HexagonRules.CLI_OUTPUT_GOES_THROUGH_THE_BOUNDARY.check(production);
    }

    @Test
    void theCliAndTheMcpServerReachTheSupervisorOnlyThroughItsFacade() {
        HexagonRules.FRONT_ENDS_USE_ONLY_THE_FACADE.check(production);
    }
}
