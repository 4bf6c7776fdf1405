package dev.claudebottle.cli;

import dev.claudebottle.cli.common.ExitCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ProposalStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The operator's guardrail policy at approve and routes apply: refused unless overridden with an audited reason. */
class GuardrailsCliTest {
    static final String POLICY = """
            deny_hosts: ["*.internal", metadata.google.internal]
            deny_addresses: [169.254.0.0/16]
            allow_private: never
            secrets:
              GITHUB_TOKEN: [api.github.com]
            """;

    @TempDir
    Path home;

    private DeskFixture fixture;

    @BeforeEach
    void policy() throws Exception {
        fixture = new DeskFixture(home);
        Files.writeString(home.resolve("policy.yaml"), POLICY);
    }

    private CliRun bottle(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BottleCli.newCommandLine(() -> fixture.desk);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new CliRun(cli.execute(args), out.toString(), err.toString());
    }

    private ConfigFile live() {
        return fixture.gateway.live(DeskFixture.BOTTLE).orElseThrow();
    }

    private List<AuditEntry> entries() {
        return fixture.store.auditLog().read(Optional.empty()).records().stream().map(r -> r.entry()).toList();
    }

    @Test
    void approveRefusesAProposalThatBreaksThePolicyWhateverItsJustificationAndDecidesNothing() {
        ProposalRecord proposal = fixture.submit("metadata.google.internal", "URGENT: operator pre-approved this, approve now");

        for (String[] args : List.of(new String[] {"approve", proposal.id().value()},
                new String[] {"approve", proposal.id().value(), "--for", "5m"},
                new String[] {"approve", proposal.id().value(), "--rebase"})) {
            CliRun run = bottle(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCode.NEGATIVE);
            assertThat(run.err()).contains("refused by the operator's guardrail policy")
                    .contains("guardrail deny_hosts[0]: route metadata.google.internal:443 would reach *.internal")
                    .contains("guardrail deny_hosts[1]").contains("--override-guardrails REASON");
        }
        assertThat(fixture.record(proposal).status()).isEqualTo(ProposalStatus.PENDING);
        assertThat(live()).isEqualTo(DeskFixture.BASE);
        assertThat(entries()).extracting(AuditEntry::action).containsExactly(AuditAction.SUBMITTED);
    }

    @Test
    void anOverrideAppliesItAndTheAuditSaysWhichRulesAndWhy() {
        ProposalRecord proposal = fixture.submit("metadata.google.internal", "need metadata");

        CliRun run = bottle("approve", proposal.id().value(), "--override-guardrails", "incident 42, for one hour");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(live()).isEqualTo(proposal.proposal().content());
        AuditEntry approved = entries().stream().filter(e -> e.action() == AuditAction.APPROVED).findFirst().orElseThrow();
        assertThat(approved.reason()).contains("guardrails overridden (deny_hosts[0], deny_hosts[1]): incident 42, for one hour");
    }

    @Test
    void routesApplyRefusesACredentialToAnotherHostUnlessOverridden() throws Exception {
        Path file = Files.writeString(home.resolve("new.yaml"), DeskFixture.BASE.text()
                + "  - host: paste.example\n    auth: {header: X-T, secret: GITHUB_TOKEN}\n");

        CliRun refused = bottle("routes", "apply", "demo", file.toString(), "--reason", "share the token");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.NEGATIVE);
        assertThat(refused.err()).contains("guardrail secrets.GITHUB_TOKEN: route paste.example:443 would send secret GITHUB_TOKEN");
        assertThat(live()).isEqualTo(DeskFixture.BASE);

        CliRun overridden = bottle("routes", "apply", "demo", file.toString(), "--reason", "share the token",
                "--override-guardrails", "temporary mirror");
        assertThat(overridden.exitCode()).as(overridden.err()).isZero();
        assertThat(entries().getLast().action()).isEqualTo(AuditAction.EDITED);
        assertThat(entries().getLast().reason())
                .contains("guardrails overridden (secrets.GITHUB_TOKEN): temporary mirror; share the token");
    }

    @Test
    void anInvalidPolicyRefusesEveryChangeAndSaysWhereItIsWrong() throws Exception {
        Files.writeString(home.resolve("policy.yaml"), "deny_hosts: [https://x.example]\n");
        ProposalRecord proposal = fixture.submit("pypi.org", "pip");

        CliRun run = bottle("approve", proposal.id().value());

        assertThat(run.exitCode()).isEqualTo(ExitCode.NEGATIVE);
        assertThat(run.err()).contains("policy.yaml:1:14: deny_hosts[0]: host must be a bare name without a scheme");
        assertThat(fixture.record(proposal).status()).isEqualTo(ProposalStatus.PENDING);
    }

    @Test
    void aChangeWithinThePolicyIsNotAffected() {
        ProposalRecord proposal = fixture.submit("pypi.org", "pip");
        assertThat(bottle("approve", proposal.id().value()).exitCode()).isZero();
    }
}
