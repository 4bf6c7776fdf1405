package dev.claudebottle.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.claudebottle.docker.planted.DockerClass;
import dev.claudebottle.egress.planted.ProxyClassKnowingTheDomain;
import dev.claudebottle.routes.planted.RoutesClassKnowingAnAdapter;
import dev.claudebottle.routes.planted.RoutesClassUsingAFramework;
import dev.claudebottle.store.planted.StoreClassKnowingDocker;
import dev.claudebottle.supervise.planted.DomainClassUsingAFramework;
import org.junit.jupiter.api.Test;

/** Each rule bites: it rejects a violation planted in test code (a rule that cannot fail is no rule). */
class RulesCanFailTest {

    private static JavaClasses planted(Class<?>... types) {
        return new ClassFileImporter().importClasses(types);
    }

    @Test
    void adapterModuleRuleRejectsTwoPublicModulesAndNone() {
        JavaClasses classes = planted(dev.claudebottle.local.planted.FirstModule.class,
                dev.claudebottle.local.planted.SecondModule.class, DockerClass.class);
        org.assertj.core.api.Assertions.assertThat(AdapterModules.violations(classes,
                        java.util.Map.of("adapter-local", "dev.claudebottle.local", "adapter-docker", "dev.claudebottle.docker")))
                .hasSize(2)
                .anySatisfy(line -> org.assertj.core.api.Assertions.assertThat(line).contains("FirstModule", "SecondModule"))
                .anySatisfy(line -> org.assertj.core.api.Assertions.assertThat(line).contains("adapter-docker").contains("[]"));
    }

    @Test
    void onionRejectsTheDomainKnowingAnAdapter() {
        JavaClasses classes = planted(RoutesClassKnowingAnAdapter.class, StoreClassKnowingDocker.class, DockerClass.class);
        assertThatThrownBy(() -> HexagonRules.ONION.check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("RoutesClassKnowingAnAdapter");
    }

    @Test
    void onionRejectsTheModelKnowingTheApplicationRing() {
        JavaClasses classes = planted(dev.claudebottle.supervise.model.planted.ModelKnowingAUseCase.class,
                dev.claudebottle.supervise.application.planted.PlantedUseCase.class);
        assertThatThrownBy(() -> HexagonRules.ONION.check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ModelKnowingAUseCase");
    }

    @Test
    void onionRejectsTheApplicationRingKnowingAToolModule() {
        JavaClasses classes = planted(dev.claudebottle.supervise.application.planted.UseCaseKnowingATool.class,
                dev.claudebottle.tools.planted.ToolKnowingDocker.class, DockerClass.class);
        assertThatThrownBy(() -> HexagonRules.ONION.check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("UseCaseKnowingATool");
    }

    @Test
    void onionRejectsOneAdapterKnowingAnother() {
        JavaClasses classes = planted(StoreClassKnowingDocker.class, DockerClass.class);
        assertThatThrownBy(() -> HexagonRules.ONION.check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("StoreClassKnowingDocker");
    }

    @Test
    void onionRejectsTheCliWiringAGatewayItself() {
        JavaClasses classes = planted(dev.claudebottle.cli.planted.VerbKnowingDocker.class, DockerClass.class);
        assertThatThrownBy(() -> HexagonRules.ONION.check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("VerbKnowingDocker");
    }

    @Test
    void onionRejectsTheKubernetesAdapterKnowingTheFileStore() {
        JavaClasses classes = planted(dev.claudebottle.kubernetes.planted.KubernetesClassKnowingTheFileStore.class,
                StoreClassKnowingDocker.class, DockerClass.class);
        assertThatThrownBy(() -> HexagonRules.ONION.check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("KubernetesClassKnowingTheFileStore");
    }

    @Test
    void routesCorePurityRejectsAFrameworkDependency() {
        JavaClasses classes = planted(RoutesClassUsingAFramework.class);
        assertThatThrownBy(() -> HexagonRules.ROUTES_CORE_IS_PURE.check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("com.tngtech.archunit");
    }

    @Test
    void superviseDomainPurityRejectsAFrameworkDependency() {
        JavaClasses classes = planted(DomainClassUsingAFramework.class);
        assertThatThrownBy(() -> HexagonRules.SUPERVISE_DOMAIN_IS_PURE.check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("com.tngtech.archunit");
    }

    @Test
    void egressProxyRuleRejectsADependencyOnTheDomain() {
        JavaClasses classes = planted(ProxyClassKnowingTheDomain.class, DomainClassUsingAFramework.class);
        assertThatThrownBy(() -> HexagonRules.EGRESS_PROXY_SEES_ONLY_ROUTES_CORE.check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ProxyClassKnowingTheDomain");
    }

    @Test
    void toolRuleRejectsAToolKnowingAGateway() {
        JavaClasses classes = planted(dev.claudebottle.tools.planted.ToolKnowingDocker.class, DockerClass.class);
        assertThatThrownBy(() -> HexagonRules.TOOLS_SEE_ONLY_THE_DOMAIN_AND_CONTRACTS.check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ToolKnowingDocker");
        assertThatThrownBy(() -> HexagonRules.ONION.check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ToolKnowingDocker");
    }

    @Test
    void contractRuleRejectsTheContractKnowingTheDomain() {
        JavaClasses classes = planted(dev.claudebottle.egress.contract.planted.ContractKnowingTheDomain.class,
                DomainClassUsingAFramework.class);
        assertThatThrownBy(() -> HexagonRules.EGRESS_CONTRACT_IS_PURE.check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ContractKnowingTheDomain");
    }

    @Test
    void cliOutputRuleRejectsAVerbWritingToPicocliOrSystemOutDirectly() {
        JavaClasses classes = planted(dev.claudebottle.cli.planted.VerbPrintingRaw.class);
        assertThatThrownBy(() -> HexagonRules.CLI_OUTPUT_GOES_THROUGH_THE_BOUNDARY.check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("CommandLine.getOut()")
                .hasMessageContaining("System.out");
    }

    @Test
    void frontEndRuleRejectsAVerbUsingAUseCaseAndAHandlerUsingADrivenPort() {
        JavaClasses classes = planted(dev.claudebottle.cli.planted.VerbApprovingThroughAUseCase.class,
                dev.claudebottle.mcp.planted.HandlerReadingTheQueue.class);
        assertThatThrownBy(() -> HexagonRules.FRONT_ENDS_USE_ONLY_THE_FACADE.check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("VerbApprovingThroughAUseCase")
                .hasMessageContaining("DecideProposal")
                .hasMessageContaining("HandlerReadingTheQueue")
                .hasMessageContaining("ProposalQueue");
    }

    @Test
    void frontEndRuleRejectsAVerbDrivingAGatewaysLauncher() {
        JavaClasses classes = planted(dev.claudebottle.cli.planted.VerbLaunchingThroughALauncher.class);
        assertThatThrownBy(() -> HexagonRules.FRONT_ENDS_USE_ONLY_THE_FACADE.check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("VerbLaunchingThroughALauncher")
                .hasMessageContaining("BottleLauncher");
    }
}
